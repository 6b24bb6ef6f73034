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

-- A ticket as a door checks it: its number (with the seller's key, the
-- code names it so), its tariff and category (from its sale line).
ALTER TABLE guichet.ticket ADD COLUMN number bigint;
ALTER TABLE guichet.ticket ADD COLUMN tariff text NOT NULL DEFAULT '';
ALTER TABLE guichet.ticket ADD COLUMN category text NOT NULL DEFAULT '';
-- Those taken before this version: their number from their sale record.
UPDATE guichet.ticket k SET number = (t->>'number')::bigint
    FROM guichet.ledger_record r, jsonb_array_elements(r.body::jsonb -> 'data' -> 'tickets') t
    WHERE r.terminal_id = k.terminal_id AND r.chain = 'fiscal' AND r.seq = k.seq
      AND t->>'id' = k.id AND t->>'number' ~ '^[0-9]{1,18}$';

-- The tickets of a sale or a cancellation record as it is stored (the
-- fiscal chain: training sells nothing). A sale on a seat its terminal
-- does not hold (reclaimed from it, or never lent) is a conflict; a seat
-- back in the pool is its own from then on, so it is never lent again.
CREATE OR REPLACE FUNCTION guichet.take_tickets() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    data jsonb;
    t record;
    holder bigint;
    other text;
BEGIN
    IF NEW.chain <> 'fiscal' OR NEW.kind NOT IN ('sale', 'order_imported', 'cancellation') THEN
        RETURN NULL;
    END IF;
    data := (NEW.body::jsonb) -> 'data';
    IF NEW.kind = 'cancellation' THEN
        UPDATE guichet.ticket SET cancelled = true
            WHERE terminal_id = NEW.terminal_id
              AND id IN (SELECT l->>'id' FROM jsonb_array_elements(data->'lines') l);
        RETURN NULL;
    END IF;
    -- Tickets are numbered line after line: each line's quantity of them,
    -- in order, carries its performance.
    FOR t IN
        WITH line AS (
            SELECT l->>'performance' AS performance, l->>'tariff' AS tariff,
                   l->>'category' AS category, n
            FROM jsonb_array_elements(data->'lines') WITH ORDINALITY AS x(l, n),
                 generate_series(1, least((l->>'quantity')::integer, 10000))
        ), owner AS (
            SELECT performance, tariff, category, row_number() OVER (ORDER BY n) AS i FROM line
        )
        SELECT k->>'id' AS id, CASE WHEN k->>'number' ~ '^[0-9]{1,18}$' THEN (k->>'number')::bigint END AS number, k->>'seat' AS seat,
               o.performance, coalesce(o.tariff, '') AS tariff, coalesce(o.category, '') AS category
        FROM jsonb_array_elements(data->'tickets') WITH ORDINALITY AS y(k, i)
        JOIN owner o ON o.i = y.i
    LOOP
        INSERT INTO guichet.ticket (id, terminal_id, number, performance, seat, tariff, category, seq)
            VALUES (t.id, NEW.terminal_id, t.number, t.performance, t.seat, t.tariff, t.category,
                    NEW.seq)
            ON CONFLICT (id) DO NOTHING;
        CONTINUE WHEN t.seat IS NULL;
        SELECT s.holder INTO holder FROM guichet.seat s
            WHERE s.performance = t.performance AND s.seat = t.seat FOR UPDATE;
        CONTINUE WHEN NOT FOUND;
        SELECT x.id INTO other FROM guichet.ticket x
            WHERE x.performance = t.performance AND x.seat = t.seat AND NOT x.cancelled
              AND x.id <> t.id LIMIT 1;
        -- Its own seat, sold by no one else: as it should be.
        CONTINUE WHEN holder = NEW.terminal_id AND other IS NULL;
        INSERT INTO guichet.conflict (key, kind, terminal_id, detail)
            VALUES (format('reclaimed_sale:%s', t.id), 'reclaimed_sale', NEW.terminal_id,
                    jsonb_build_object(
                        'terminal', (SELECT name FROM guichet.terminal WHERE id = NEW.terminal_id),
                        'performance', (SELECT label FROM guichet.performance
                                        WHERE public_id = t.performance),
                        'seat', t.seat, 'ticket', t.id, 'at', NEW.at,
                        'held_by', coalesce((SELECT name FROM guichet.terminal WHERE id = holder),
                                            'the pool'),
                        'other_ticket', other))
            ON CONFLICT (key) DO NOTHING;
        IF holder IS NULL THEN
            UPDATE guichet.seat s SET holder = NEW.terminal_id, lent_at = now()
                WHERE s.performance = t.performance AND s.seat = t.seat;
        END IF;
    END LOOP;
    -- General admission: more valid tickets than the places it holds (sold
    -- offline after its places were reclaimed) is a conflict, kept once
    -- per terminal and performance and brought up to date while it waits.
    FOR t IN
        SELECT l.performance, l.places,
               (SELECT count(*) FROM guichet.ticket x WHERE x.terminal_id = NEW.terminal_id
                  AND x.performance = l.performance AND NOT x.cancelled) AS sold
        FROM guichet.places l
        WHERE l.terminal_id = NEW.terminal_id
          AND l.performance IN (SELECT DISTINCT x.performance FROM guichet.ticket x
                                WHERE x.terminal_id = NEW.terminal_id AND x.seq = NEW.seq)
    LOOP
        CONTINUE WHEN t.sold <= t.places;
        INSERT INTO guichet.conflict (key, kind, terminal_id, detail)
            VALUES (format('over_places:%s:%s', NEW.terminal_id, t.performance), 'over_places',
                    NEW.terminal_id,
                    jsonb_build_object(
                        'terminal', (SELECT name FROM guichet.terminal WHERE id = NEW.terminal_id),
                        'performance', (SELECT label FROM guichet.performance
                                        WHERE public_id = t.performance),
                        'sold', t.sold, 'held', t.places, 'at', NEW.at))
            ON CONFLICT (key) DO UPDATE SET detail = excluded.detail
                WHERE guichet.conflict.decided_at IS NULL;
    END LOOP;
    RETURN NULL;
END $$;


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
    -- An undo: the admission (its scan id) it takes back.
    undoes       text,
    at           timestamptz NOT NULL,
    pushed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scan_admitted ON guichet.scan (ticket, at) WHERE outcome = 'admitted';
CREATE INDEX scan_undoes ON guichet.scan (undoes) WHERE undoes IS NOT NULL;

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

-- The keys each terminal was enrolled with (an administrator's act). The
-- keys a chain hands over to come with `key_rotations`: the door believes
-- one only once it checked the record's signature by the key before.
CREATE FUNCTION guichet.keys()
RETURNS TABLE (terminal text, name text, public_key bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_admit();
    RETURN QUERY SELECT t.public_id, t.name, t.public_key FROM guichet.terminal t ORDER BY t.id;
END $$;

-- Each terminal's key changes as pushed, in the order of its chain.
CREATE FUNCTION guichet.key_rotations()
RETURNS TABLE (terminal text, seq bigint, kind text, at text, recorded bigint, body text,
               prev_hash bytea, hash bytea, signature bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_admit();
    RETURN QUERY SELECT t.public_id, l.seq, l.kind, l.at, l.recorded, l.body, l.prev_hash,
                        l.hash, l.signature
                 FROM guichet.ledger_record l JOIN guichet.terminal t ON t.id = l.terminal_id
                 WHERE l.chain = 'fiscal' AND l.kind = 'key_rotated'
                 ORDER BY t.id, l.seq
                 LIMIT 10000;
END $$;

-- An admission still standing: no undo took it back.
CREATE FUNCTION guichet.standing(s guichet.scan) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
    SELECT s.outcome = 'admitted'
       AND NOT EXISTS (SELECT 1 FROM guichet.scan u WHERE u.undoes = s.id)
$$;

-- The first admission of a ticket that stands.
CREATE FUNCTION guichet.first_admission(p_ticket text)
RETURNS guichet.scan
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
    SELECT s.* FROM guichet.scan s
    WHERE s.ticket = p_ticket AND s.outcome = 'admitted' AND guichet.standing(s)
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
        WHERE k.performance = ANY (p_performances) AND k.number IS NOT NULL
        ORDER BY k.performance, m.public_id, k.number;
END $$;

-- A scan stored: true when it was not there yet. The caller holds the
-- ticket's lock (`lock_tickets`). An admission of a ticket standing
-- admitted through another door, by a door that did not know it (not a
-- re-entry it allowed), is a duplicate entry: a conflict naming the first
-- admission and the second, kept once per second admission.
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
       OR length(s->>'ticket') > 100 OR length(s->>'undoes') > 100
       OR coalesce(s->>'at', '') !~ '^[0-9]{1,11}$' THEN
        RAISE EXCEPTION 'scan % is not one: id, door, outcome, at (seconds) and its ticket',
            left(s->>'id', 100) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO guichet.scan (id, terminal_id, door, ticket, outcome, reentry, manual, undoes, at)
        VALUES (s->>'id', me.id, s->>'door', s->>'ticket', s->>'outcome',
                coalesce(s->>'reentry', '') = 'true', coalesce(s->>'manual', '') = 'true',
                s->>'undoes', to_timestamp((s->>'at')::bigint))
        ON CONFLICT (id) DO NOTHING
        RETURNING * INTO new_scan;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF new_scan.outcome <> 'admitted' OR new_scan.ticket IS NULL THEN
        RETURN true;
    END IF;
    FOR o IN
        SELECT * FROM guichet.scan x
        WHERE x.ticket = new_scan.ticket AND x.outcome = 'admitted' AND x.id <> new_scan.id
          AND (x.terminal_id, x.door) IS DISTINCT FROM (new_scan.terminal_id, new_scan.door)
          AND guichet.standing(x)
        ORDER BY x.at, x.id
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
                        'ticket', w.id, 'number', k.number,
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

-- Locks the admissions of these tickets, in one order (two doors pushing
-- the same tickets never wait on each other in a circle).
CREATE FUNCTION guichet.lock_tickets(p_tickets text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE t text;
BEGIN
    FOR t IN SELECT DISTINCT x FROM unnest(p_tickets) x WHERE x IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('guichet.scan:' || t));
    END LOOP;
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
    PERFORM guichet.lock_tickets(ARRAY(SELECT value->>'ticket' FROM jsonb_array_elements(p_scans)
                                        WHERE value->>'outcome' = 'admitted'));
    FOR s IN SELECT value FROM jsonb_array_elements(p_scans) LOOP
        IF guichet.take_scan(me, s) THEN
            stored := stored + 1;
        ELSE
            already := already + 1;
        END IF;
    END LOOP;
    RETURN jsonb_build_object('stored', stored, 'already', already);
END $$;

-- A door online asks before it admits. The ticket cancelled there (sold
-- elsewhere, refunded since the door's list was pulled): said, nothing
-- stored. Standing admitted through another door: that admission, nothing
-- stored (the door refuses, or lets in a re-entry it then pushes as one).
-- Otherwise the admission is stored at once, so a door asking after is told.
CREATE FUNCTION guichet.admit(p_scan jsonb)
RETURNS TABLE (door text, terminal text, at timestamptz, cancelled boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.must_admit();
    f guichet.scan;
BEGIN
    IF coalesce(p_scan->>'outcome', '') <> 'admitted'
       OR length(coalesce(p_scan->>'ticket', '')) NOT BETWEEN 1 AND 100 THEN
        RAISE EXCEPTION 'an admission names its ticket' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM guichet.ticket k WHERE k.id = p_scan->>'ticket' AND k.cancelled) THEN
        RETURN QUERY SELECT NULL::text, NULL::text, NULL::timestamptz, true;
        RETURN;
    END IF;
    PERFORM guichet.lock_tickets(ARRAY[p_scan->>'ticket']);
    f := guichet.first_admission(p_scan->>'ticket');
    IF f.id IS NOT NULL AND f.id <> p_scan->>'id'
       AND (f.terminal_id, f.door) IS DISTINCT FROM (me.id, p_scan->>'door') THEN
        RETURN QUERY SELECT f.door, (SELECT name FROM guichet.terminal WHERE id = f.terminal_id),
                            f.at, false;
        RETURN;
    END IF;
    PERFORM guichet.take_scan(me, p_scan);
END $$;

REVOKE ALL ON FUNCTION guichet.must_admit(), guichet.standing(guichet.scan),
    guichet.first_admission(text), guichet.take_scan(guichet.terminal, jsonb),
    guichet.lock_tickets(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guichet.keys(), guichet.key_rotations(), guichet.door_list(text[]),
    guichet.push_scans(jsonb), guichet.admit(jsonb)
    TO guichet_door, guichet_counter, guichet_admin;

INSERT INTO guichet.schema_version (version) VALUES (3);
