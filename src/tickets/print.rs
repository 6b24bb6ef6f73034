//! Printing: every PDF is kept under the data folder (beside the
//! database, in `tickets/YYYY-MM/`), then sent where Réglages says: a CUPS
//! printer (`lp`, with the paper of the layout), the system's PDF viewer,
//! or a folder. Printing runs off the counter's thread; a failure says
//! what happened and the same file can be sent again.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Datelike, Utc};

use super::pdf::Layout;
use crate::store::{self, Store, StoreError};

/// Settings keys (table `setting`).
pub const LAYOUT_KEY: &str = "ticket_layout";
pub const DESTINATION_KEY: &str = "print_destination";

/// Where tickets go once made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// A CUPS printer, by name (`lpstat -p` lists them).
    Printer(String),
    /// Opened in the system's PDF viewer (to print from there).
    Viewer,
    /// Written into a folder (another program prints them).
    Folder(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintSettings {
    pub layout: Layout,
    pub destination: Destination,
}

impl Default for PrintSettings {
    fn default() -> PrintSettings {
        PrintSettings {
            layout: Layout::A4,
            destination: Destination::Viewer,
        }
    }
}

pub fn layout_code(layout: Layout) -> &'static str {
    match layout {
        Layout::A4 => "a4",
        Layout::Thermal80 => "thermal80",
        Layout::Stock2x55 => "stock2x55",
    }
}

pub fn layout_from_code(code: &str) -> Option<Layout> {
    [Layout::A4, Layout::Thermal80, Layout::Stock2x55]
        .into_iter()
        .find(|l| layout_code(*l) == code)
}

impl Destination {
    fn code(&self) -> String {
        match self {
            Destination::Printer(name) => format!("printer:{name}"),
            Destination::Viewer => "viewer".into(),
            Destination::Folder(dir) => format!("folder:{}", dir.display()),
        }
    }

    fn from_code(code: &str) -> Option<Destination> {
        match code.split_once(':') {
            Some(("printer", name)) if !name.trim().is_empty() => {
                Some(Destination::Printer(name.trim().to_owned()))
            }
            Some(("folder", dir)) if !dir.trim().is_empty() => {
                Some(Destination::Folder(PathBuf::from(dir.trim())))
            }
            None if code == "viewer" => Some(Destination::Viewer),
            _ => None,
        }
    }
}

impl PrintSettings {
    /// The saved settings (A4 in the viewer until someone chooses).
    pub fn load(store: &Store) -> Result<PrintSettings, StoreError> {
        store.read(|tx| {
            let get = |k| store::settings::get(tx, k);
            let d = PrintSettings::default();
            Ok(PrintSettings {
                layout: get(LAYOUT_KEY)?
                    .as_deref()
                    .and_then(layout_from_code)
                    .unwrap_or(d.layout),
                destination: get(DESTINATION_KEY)?
                    .as_deref()
                    .and_then(Destination::from_code)
                    .unwrap_or(d.destination),
            })
        })
    }

    pub fn save(&self, store: &mut Store) -> Result<(), StoreError> {
        store.write(|tx| {
            store::settings::set(tx, LAYOUT_KEY, layout_code(self.layout))?;
            store::settings::set(tx, DESTINATION_KEY, &self.destination.code())
        })
    }
}

/// Where tickets should go, as chosen in Réglages: a printer's name or a
/// folder as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Viewer,
    Printer(String),
    Folder(String),
}

/// Why a choice of printing was not saved.
#[derive(Debug, thiserror::Error)]
pub enum ChoiceError {
    NoPrinter,
    NoFolder,
    Store(#[from] StoreError),
}

/// Checks the layout and destination chosen and saves them.
pub fn choose(
    store: &mut Store,
    layout: Layout,
    choice: Choice,
) -> Result<PrintSettings, ChoiceError> {
    let destination = match choice {
        Choice::Viewer => Destination::Viewer,
        Choice::Printer(name) if name.trim().is_empty() => return Err(ChoiceError::NoPrinter),
        Choice::Printer(name) => Destination::Printer(name.trim().to_owned()),
        Choice::Folder(dir) if dir.trim().is_empty() => return Err(ChoiceError::NoFolder),
        Choice::Folder(dir) => Destination::Folder(PathBuf::from(dir.trim())),
    };
    let settings = PrintSettings {
        layout,
        destination,
    };
    settings.save(store)?;
    Ok(settings)
}

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    Keep {
        path: PathBuf,
        source: std::io::Error,
    },
    NoLp,
    Printer {
        printer: String,
        message: String,
    },
    Viewer(String, String),
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where PDFs made at `at` are kept: `tickets/YYYY-MM/` beside the database.
pub fn archive_dir(db: &Path, at: DateTime<Utc>) -> PathBuf {
    db.parent()
        .unwrap_or(Path::new("."))
        .join("tickets")
        .join(format!("{:04}-{:02}", at.year(), at.month()))
}

/// Keeps a PDF under the data folder (written whole, then renamed into
/// place) and returns its path.
pub fn keep(db: &Path, name: &str, pdf: &[u8], at: DateTime<Utc>) -> Result<PathBuf, PrintError> {
    let dir = archive_dir(db, at);
    let path = dir.join(name);
    let err = |source| PrintError::Keep {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(err)?;
    let temp = dir.join(format!(".{name}.part"));
    std::fs::write(&temp, pdf).map_err(err)?;
    std::fs::rename(&temp, &path).map_err(err)?;
    Ok(path)
}

/// The `lp` option for the paper of a layout. Roll printers take the
/// page size from the PDF.
fn media(layout: Layout) -> Option<&'static str> {
    match layout {
        Layout::A4 => Some("media=A4"),
        Layout::Stock2x55 => Some("media=Custom.5.5x2in"),
        Layout::Thermal80 => None,
    }
}

/// The `lp` command line for a file (shown in tests and in the README).
pub fn lp_args(printer: &str, layout: Layout, pdf: &Path) -> Vec<String> {
    let mut args = vec!["-d".to_owned(), printer.to_owned()];
    if let Some(m) = media(layout) {
        args.extend(["-o".to_owned(), m.to_owned()]);
    }
    args.extend([
        "-o".to_owned(),
        "print-scaling=none".to_owned(),
        "--".to_owned(),
        pdf.display().to_string(),
    ]);
    args
}

/// Sends a kept PDF to its destination.
pub fn send(settings: &PrintSettings, pdf: &Path) -> Result<(), PrintError> {
    match &settings.destination {
        Destination::Printer(printer) => {
            let out = Command::new("lp")
                .args(lp_args(printer, settings.layout, pdf))
                .output()
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => PrintError::NoLp,
                    _ => PrintError::Printer {
                        printer: printer.clone(),
                        message: e.to_string(),
                    },
                })?;
            if out.status.success() {
                Ok(())
            } else {
                let message = String::from_utf8_lossy(&out.stderr)
                    .trim()
                    .trim_start_matches("lp:")
                    .trim()
                    .to_owned();
                Err(PrintError::Printer {
                    printer: printer.clone(),
                    message: if message.is_empty() {
                        format!("lp exited with {}", out.status)
                    } else {
                        message
                    },
                })
            }
        }
        Destination::Viewer => {
            let opener = if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            };
            Command::new(opener)
                .arg(pdf)
                .spawn()
                .map(|_| ())
                .map_err(|e| PrintError::Viewer(e.to_string(), pdf.display().to_string()))
        }
        Destination::Folder(dir) => copy_to(dir, pdf).map(|_| ()),
    }
}

/// Copies a kept PDF into a folder (made if needed); the copy's path.
pub fn copy_to(dir: &Path, pdf: &Path) -> Result<PathBuf, PrintError> {
    let target = dir.join(pdf.file_name().unwrap_or_default());
    std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::copy(pdf, &target))
        .map_err(|source| PrintError::Folder {
            path: target.clone(),
            source,
        })?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_read_back() {
        for d in [
            Destination::Printer("Epson_TM".into()),
            Destination::Viewer,
            Destination::Folder(PathBuf::from("/srv/billets")),
        ] {
            assert_eq!(Destination::from_code(&d.code()), Some(d));
        }
        assert_eq!(Destination::from_code("printer:  "), None);
        assert_eq!(Destination::from_code("fax"), None);
    }

    #[test]
    fn lp_gets_the_paper_of_the_layout() {
        let args = lp_args("Guichet", Layout::Stock2x55, Path::new("/t/a.pdf"));
        assert_eq!(
            args,
            [
                "-d",
                "Guichet",
                "-o",
                "media=Custom.5.5x2in",
                "-o",
                "print-scaling=none",
                "--",
                "/t/a.pdf"
            ]
        );
        assert!(lp_args("G", Layout::A4, Path::new("a.pdf")).contains(&"media=A4".to_owned()));
    }
}
