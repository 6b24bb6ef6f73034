-- Guichet's central database, version 3: the doors.
--
-- A door admits offline from the list it pulled before the evening: every
-- ticket the pushed chains sold for the performances it admits to, with
-- the keys that sign their codes (the terminals' own and those their
-- chains announce). Every scan goes up; the first admission of a ticket
-- wins. A second admission of the same ticket through another door that
-- did not know of the first (both offline) is a `duplicate_entry` conflict
-- naming both doors and times. A door online asks before it admits
-- (`guichet.admit`): the first admission there is the one that counts.

ALTER TABLE guichet.conflict DROP CONSTRAINT conflict_kind_check;
ALTER TABLE guichet.conflict ADD CONSTRAINT conflict_kind_check
    CHECK (kind IN ('fork', 'gap', 'behind', 'reclaimed_sale', 'over_places',
                    'duplicate_entry'));

-- Every scan of every door, as the door recorded it (its own public id:
-- pushing twice stores it once).
CREATE TABLE guichet.scan (
    id           text        PRIMARY KEY,
    terminal_id  bigint      NOT NULL REFERENCES guichet.terminal (id),
    door         text        NOT NULL,
    ticket       text,                       -- the ticket's public id, when the code named one
    outcome      text        NOT NULL,
    -- Admitted knowing the holder had entered before (a re-entry the door
    -- allowed): no conflict.
    reentry      boolean     NOT NULL DEFAULT false,
    manual       boolean     NOT NULL DEFAULT false,
    at           timestamptz NOT NULL,
    pushed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scan_admitted ON guichet.scan (ticket, at) WHERE outcome = 'admitted';

-- A terminal that admits: a door, a counter (a small venue's counter is its
-- door too), an administrator's.
CREATE FUNCTION guichet.must_admit() RETURNS guichet.terminal
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE me guichet.terminal := guichet.me();
BEGIN
    IF me.kind NOT IN ('door', 'counter', 'admin') THEN
        RAISE EXCEPTION 'a % terminal admits no one', me.kind
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN me;
END $$;

-- The keys that sign tickets: each terminal's first (as enrolled) and those
-- its pushed chain announces; a retired terminal's with when it was retired
-- (its tickets sold before stay good).
CREATE FUNCTION guichet.keys()
RETURNS TABLE (key_id text, terminal text, name text, public_key bytea, retired_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_admit();
    RETURN QUERY
        SELECT encode(substring(sha256(t.public_key) FROM 1 FOR 8), 'hex'), t.public_id, t.name,
               t.public_key, t.retired_at
        FROM guichet.terminal t
        UNION
        SELECT r.body::jsonb #>> '{data,key_id}', t.public_id, t.name,
               decode(r.body::jsonb #>> '{data,public_key}', 'hex'), t.retired_at
        FROM guichet.ledger_record r JOIN guichet.terminal t ON t.id = r.terminal_id
        WHERE r.chain = 'fiscal' AND r.kind = 'key_rotated';
END $$;

-- The first admission of a ticket that stands (not undone at its door).
CREATE FUNCTION guichet.first_admission(p_ticket text)
RETURNS guichet.scan
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
    SELECT s.* FROM guichet.scan s
    WHERE s.ticket = p_ticket AND s.outcome = 'admitted'
      AND NOT EXISTS (SELECT 1 FROM guichet.scan u
                      WHERE u.ticket = s.ticket AND u.terminal_id = s.terminal_id
                        AND u.door = s.door AND u.outcome = 'undone' AND u.at >= s.at)
    ORDER BY s.at, s.id
    LIMIT 1
$$;

-- What a door admits from, for the performances it names (at most 50):
-- their tickets, cancelled or not, each with its first admission.
CREATE FUNCTION guichet.door_list(p_performances text[])
RETURNS TABLE (id text, terminal text, number bigint, performance text, seat text,
               tariff text, category text, cancelled boolean,
               entered_at timestamptz, entered_door text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_admit();
    IF coalesce(array_length(p_performances, 1), 0) > 50 THEN
        RAISE EXCEPTION 'a door list is for at most 50 performances'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
        SELECT k.id, m.public_id, k.number, k.performance, k.seat, k.tariff, k.category,
               k.cancelled, f.at, f.door
        FROM guichet.ticket k
        JOIN guichet.terminal m ON m.id = k.terminal_id
        LEFT JOIN LATERAL guichet.first_admission(k.id) f ON true
        WHERE k.performance = ANY (p_performances)
        ORDER BY k.performance, m.public_id, k.number;
END $$;

-- A scan stored: true when it was not there yet. An admission of a ticket
-- already admitted through another door, by a door that did not know it
-- (not a re-entry it allowed), is a duplicate entry: a conflict naming the
-- first admission and the second, kept once per second admission.
CREATE FUNCTION guichet.take_scan(me guichet.terminal, s jsonb) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    new_scan guichet.scan;
    first guichet.scan;
    second guichet.scan;
    o guichet.scan;
BEGIN
    IF length(coalesce(s->>'id', '')) NOT BETWEEN 1 AND 100
       OR length(coalesce(s->>'door', '')) NOT BETWEEN 1 AND 100
       OR length(coalesce(s->>'outcome', '')) NOT BETWEEN 1 AND 40
       OR length(s->>'ticket') > 100
       OR coalesce(s->>'at', '') !~ '^-?[0-9]{1,12}$' THEN
        RAISE EXCEPTION 'scan % is not one: id, door, outcome, at (seconds) and its ticket',
            left(s->>'id', 100) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO guichet.scan (id, terminal_id, door, ticket, outcome, reentry, manual, at)
        VALUES (s->>'id', me.id, s->>'door', s->>'ticket', s->>'outcome',
                coalesce((s->>'reentry')::boolean, false), coalesce((s->>'manual')::boolean, false),
                to_timestamp((s->>'at')::bigint))
        ON CONFLICT (id) DO NOTHING
        RETURNING * INTO new_scan;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF new_scan.outcome <> 'admitted' OR new_scan.ticket IS NULL THEN
        RETURN true;
    END IF;
    -- One ticket's admissions one at a time: two doors pushing at once
    -- both see each other.
    PERFORM pg_advisory_xact_lock(hashtext('guichet.scan:' || new_scan.ticket));
    FOR o IN
        SELECT * FROM guichet.scan x
        WHERE x.ticket = new_scan.ticket AND x.outcome = 'admitted' AND x.id <> new_scan.id
          AND (x.terminal_id, x.door) IS DISTINCT FROM (new_scan.terminal_id, new_scan.door)
    LOOP
        IF (o.at, o.id) <= (new_scan.at, new_scan.id) THEN
            first := o; second := new_scan;
        ELSE
            first := new_scan; second := o;
        END IF;
        CONTINUE WHEN second.reentry;
        INSERT INTO guichet.conflict (key, kind, terminal_id, detail)
            VALUES (format('duplicate_entry:%s', second.id), 'duplicate_entry', second.terminal_id,
                    (SELECT jsonb_build_object(
                        'ticket', k.id, 'number', k.number,
                        'performance', (SELECT label FROM guichet.performance
                                        WHERE public_id = k.performance),
                        'seat', k.seat,
                        'sold_by', (SELECT name FROM guichet.terminal WHERE id = k.terminal_id),
                        'first_door', first.door,
                        'first_terminal', (SELECT name FROM guichet.terminal
                                           WHERE id = first.terminal_id),
                        'first_at', first.at,
                        'second_door', second.door,
                        'second_terminal', (SELECT name FROM guichet.terminal
                                            WHERE id = second.terminal_id),
                        'second_at', second.at)
                     FROM (SELECT new_scan.ticket AS id) w
                     LEFT JOIN guichet.ticket k ON k.id = w.id))
            ON CONFLICT (key) DO NOTHING;
    END LOOP;
    RETURN true;
END $$;

-- A door's scans pushed (a JSON array of at most 5,000): how many were
-- stored, how many were there already.
CREATE FUNCTION guichet.push_scans(p_scans jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.must_admit();
    s jsonb;
    stored int := 0; already int := 0;
BEGIN
    IF jsonb_typeof(p_scans) IS DISTINCT FROM 'array' OR jsonb_array_length(p_scans) > 5000 THEN
        RAISE EXCEPTION 'a push of scans is an array of at most 5000 scans'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR s IN SELECT value FROM jsonb_array_elements(p_scans) LOOP
        IF guichet.take_scan(me, s) THEN
            stored := stored + 1;
        ELSE
            already := already + 1;
        END IF;
    END LOOP;
    RETURN jsonb_build_object('stored', stored, 'already', already);
END $$;

-- A door online asks before it admits: if the ticket stands admitted
-- through another door, that admission (and nothing is stored: the door
-- refuses, or admits a re-entry it then pushes as one); otherwise the
-- admission is stored at once, so a second door asking after is told.
CREATE FUNCTION guichet.admit(p_scan jsonb)
RETURNS TABLE (door text, terminal text, at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.must_admit();
    f guichet.scan;
BEGIN
    IF coalesce(p_scan->>'outcome', '') <> 'admitted' OR length(coalesce(p_scan->>'ticket', '')) NOT BETWEEN 1 AND 100 THEN
        RAISE EXCEPTION 'an admission names its ticket' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('guichet.scan:' || (p_scan->>'ticket')));
    f := guichet.first_admission(p_scan->>'ticket');
    IF f.id IS NOT NULL AND f.id <> p_scan->>'id'
       AND (f.terminal_id, f.door) IS DISTINCT FROM (me.id, p_scan->>'door') THEN
        RETURN QUERY SELECT f.door, (SELECT name FROM guichet.terminal WHERE id = f.terminal_id), f.at;
        RETURN;
    END IF;
    PERFORM guichet.take_scan(me, p_scan);
END $$;

REVOKE ALL ON FUNCTION guichet.must_admit(), guichet.first_admission(text),
    guichet.take_scan(guichet.terminal, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guichet.keys(), guichet.door_list(text[]),
    guichet.push_scans(jsonb), guichet.admit(jsonb)
    TO guichet_door, guichet_counter, guichet_admin;

INSERT INTO guichet.schema_version (version) VALUES (3);
