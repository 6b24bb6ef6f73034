//! CSV as spreadsheets read it: CRLF lines; a cell that holds the
//! separator, a quote or a line break is quoted; one that a spreadsheet
//! would read as a formula (but not a plain number such as -29,00) starts
//! with an apostrophe. The French sheet: BOM and `;`.

/// The rows (the header first) as CSV after `start`, cells split by `sep`.
pub fn write(start: &str, sep: char, rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from(start);
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c, sep)).collect();
        out.push_str(&cells.join(&sep.to_string()));
        out.push_str("\r\n");
    }
    out
}

/// For French Excel and LibreOffice: BOM, `;`.
pub fn sheet(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    write("\u{feff}", ';', rows)
}

fn cell(v: &str, sep: char) -> String {
    let number = v.replace(',', ".").parse::<f64>().is_ok();
    let v = if v.starts_with(['=', '+', '-', '@']) && !number {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_numbers_kept_and_separators_quoted() {
        let rows = vec![
            vec!["Nom".to_owned(), "Montant".to_owned()],
            vec!["=HYPERLINK(\"x\")".to_owned(), "-29,00".to_owned()],
            vec!["Dupont; Marie".to_owned(), "12,50".to_owned()],
        ];
        assert_eq!(
            sheet(rows),
            "\u{feff}Nom;Montant\r\n\"'=HYPERLINK(\"\"x\"\")\";-29,00\r\n\"Dupont; Marie\";12,50\r\n"
        );
    }
}
