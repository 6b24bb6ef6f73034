-- Guichet's central database, version 5: timed entry lent slot by slot,
-- and a retired terminal's chain pushed by an administrator.
--
-- Each entry slot of a timed performance is a pool of its own, offered
-- under its performance's public id and its minutes after the performance
-- opens ("…@+90", which moving the performance keeps) with the slot's
-- capacity, and lent by `guichet.lend` as general
-- admission is: two terminals can no longer fill one slot past its
-- capacity between them. A timed ticket's sale record names its slot; the
-- ticket is kept under its slot's pool, so what a terminal sold of a slot
-- is counted against what it holds of it (over_places), and given back,
-- reclaimed and counted by `places_of` slot by slot. A door still names
-- the day: its list holds the tickets of every slot of it.

-- A ticket's pool: its performance's public id, or, for a timed entry
-- ticket whose record names its slot, the slot's. Tickets pushed before
-- this version stay under their day.
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
               CASE WHEN k->>'slot' ~ '^[+-][0-9]{1,6}$' THEN o.performance || '@' || (k->>'slot')
                    ELSE o.performance END AS performance,
               coalesce(o.tariff, '') AS tariff, coalesce(o.category, '') AS category
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

-- What a door admits from, for the performances it names (at most 50):
-- their tickets (a timed performance's, of every slot), cancelled or not,
-- each with its first admission.
CREATE OR REPLACE FUNCTION guichet.door_list(p_performances text[])
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
        SELECT k.id, m.public_id, k.number, split_part(k.performance, '@', 1), k.seat, k.tariff,
               k.category, k.cancelled, f.at, f.door
        FROM guichet.ticket k
        JOIN guichet.terminal m ON m.id = k.terminal_id
        LEFT JOIN LATERAL guichet.first_admission(k.id) f ON true
        WHERE split_part(k.performance, '@', 1) = ANY (p_performances) AND k.number IS NOT NULL
        ORDER BY 4, m.public_id, k.number;
END $$;


-- A terminal lost, retired, then found again: its login is closed, so an
-- administrator pushes its chains for it, read from its database file, as
-- evidence. What it sold offline on seats reclaimed from it surfaces then
-- as conflicts, as at any push; the same checks of links and forks hold.
-- A terminal in service pushes its own chain.
CREATE FUNCTION guichet.push_as(me guichet.terminal, p_records jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    r jsonb;
    stored int := 0; already int := 0; conflicts int := 0;
    v_chain text; v_seq bigint; v_hash bytea; v_prev bytea;
    old_hash bytea; last_seq bigint; last_hash bytea;
    stopped text[] := '{}';
BEGIN
    IF jsonb_typeof(p_records) <> 'array' OR jsonb_array_length(p_records) > 5000 THEN
        RAISE EXCEPTION 'push takes an array of at most 5000 records'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- One push of a terminal at a time (a killed client's session may
    -- still be finishing its own).
    PERFORM pg_advisory_xact_lock(me.id);
    FOR r IN SELECT value FROM jsonb_array_elements(p_records) LOOP
        IF coalesce(r->>'chain', '') NOT IN ('fiscal', 'training')
           OR coalesce(r->>'seq', '') !~ '^[1-9][0-9]{0,17}$'
           OR coalesce(r->>'recorded', '') !~ '^-?[0-9]{1,18}$'
           OR coalesce(r->>'hash', '') !~ '^[0-9a-f]{64}$'
           OR coalesce(r->>'prev_hash', '') !~ '^[0-9a-f]{64}$'
           OR coalesce(r->>'signature', '') !~ '^[0-9a-f]{128}$'
           OR r->>'body' IS NULL OR r->>'kind' IS NULL OR r->>'at' IS NULL THEN
            RAISE EXCEPTION 'record % of the push is not one: chain, seq, kind, at, recorded, body and the hex of prev_hash, hash, signature',
                r->>'seq' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_chain := r->>'chain';
        v_seq := (r->>'seq')::bigint;
        v_hash := decode(r->>'hash', 'hex');
        v_prev := decode(r->>'prev_hash', 'hex');
        CONTINUE WHEN v_chain = ANY (stopped);
        SELECT hash INTO old_hash FROM guichet.ledger_record
            WHERE terminal_id = me.id AND chain = v_chain AND seq = v_seq;
        IF FOUND THEN
            IF old_hash = v_hash THEN
                already := already + 1;
            ELSE
                INSERT INTO guichet.conflict (key, kind, terminal_id, detail)
                    VALUES (format('fork:%s:%s:%s:%s', me.id, v_chain, v_seq, r->>'hash'),
                            'fork', me.id,
                            jsonb_build_object('terminal', me.name, 'chain', v_chain,
                                'seq', v_seq, 'kept', encode(old_hash, 'hex'),
                                'pushed', r->>'hash', 'kind', r->>'kind', 'at', r->>'at'))
                    ON CONFLICT (key) DO NOTHING;
                conflicts := conflicts + 1;
                stopped := stopped || v_chain;
            END IF;
            CONTINUE;
        END IF;
        SELECT seq, hash INTO last_seq, last_hash FROM guichet.ledger_record
            WHERE terminal_id = me.id AND chain = v_chain ORDER BY seq DESC LIMIT 1;
        IF NOT FOUND THEN
            last_seq := 0;
            last_hash := decode(repeat('00', 32), 'hex');
        END IF;
        IF v_seq <> last_seq + 1 OR v_prev <> last_hash THEN
            INSERT INTO guichet.conflict (key, kind, terminal_id, detail)
                VALUES (format('%s:%s:%s:%s', CASE WHEN v_seq <> last_seq + 1 THEN 'gap' ELSE 'fork' END,
                               me.id, v_chain, v_seq),
                        CASE WHEN v_seq <> last_seq + 1 THEN 'gap' ELSE 'fork' END, me.id,
                        jsonb_build_object('terminal', me.name, 'chain', v_chain,
                            'seq', v_seq, 'expected', last_seq + 1,
                            'kind', r->>'kind', 'at', r->>'at'))
                ON CONFLICT (key) DO NOTHING;
            conflicts := conflicts + 1;
            stopped := stopped || v_chain;
            CONTINUE;
        END IF;
        INSERT INTO guichet.ledger_record
            (terminal_id, chain, seq, kind, at, recorded, body, prev_hash, hash, signature)
            VALUES (me.id, v_chain, v_seq, r->>'kind', r->>'at', (r->>'recorded')::bigint,
                    r->>'body', v_prev, v_hash, decode(r->>'signature', 'hex'));
        stored := stored + 1;
    END LOOP;
    RETURN jsonb_build_object('stored', stored, 'already', already, 'conflicts', conflicts);
END $$;


CREATE OR REPLACE FUNCTION guichet.push(p_records jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    RETURN guichet.push_as(guichet.me(), p_records);
END $$;

CREATE FUNCTION guichet.push_retired(p_terminal text, p_records jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE t guichet.terminal;
BEGIN
    PERFORM guichet.must_administer();
    SELECT * INTO t FROM guichet.terminal WHERE public_id = p_terminal;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no terminal % was ever enrolled here', p_terminal
            USING ERRCODE = 'no_data_found';
    END IF;
    IF t.retired_at IS NULL THEN
        RAISE EXCEPTION 'terminal % is in service: it pushes its own chain', t.name
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN guichet.push_as(t, p_records);
END $$;

REVOKE ALL ON FUNCTION guichet.push_as(guichet.terminal, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION guichet.push_retired(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guichet.push_retired(text, jsonb) TO guichet_admin;


-- A reclaim of a timed performance takes back what the terminal holds of
-- each of its slots.
CREATE OR REPLACE FUNCTION guichet.reclaim(p_terminal bigint, p_performance text, p_seats text[],
                                p_by text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    r record; k integer; n integer; sold integer; held integer;
    seats integer := 0; places integer := 0;
BEGIN
    PERFORM guichet.must_administer();
    -- Not while that terminal's push is being stored (the lock its pushes
    -- take): what it sold is counted whole, and neither waits on the other.
    PERFORM pg_advisory_xact_lock(p_terminal);
    IF length(coalesce(p_by, '')) NOT BETWEEN 1 AND 200
       OR coalesce(array_length(p_seats, 1), 0) > 100000 THEN
        RAISE EXCEPTION 'a reclaim says who decided it, and names at most 100,000 seats' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR r IN SELECT public_id FROM guichet.performance
             WHERE p_performance IS NULL OR public_id = p_performance
                OR split_part(public_id, '@', 1) = p_performance
             ORDER BY public_id FOR UPDATE LOOP
        UPDATE guichet.seat s SET holder = NULL, lent_at = NULL
            WHERE s.performance = r.public_id AND s.holder = p_terminal
              AND (p_seats IS NULL OR s.seat = ANY (p_seats))
              AND NOT EXISTS (SELECT 1 FROM guichet.ticket t WHERE t.performance = s.performance
                                AND t.seat = s.seat AND NOT t.cancelled);
        GET DIAGNOSTICS k = ROW_COUNT;
        SELECT count(*) INTO sold FROM guichet.ticket
            WHERE terminal_id = p_terminal AND performance = r.public_id AND NOT cancelled;
        SELECT l.places INTO held FROM guichet.places l
            WHERE l.performance = r.public_id AND l.terminal_id = p_terminal;
        n := CASE WHEN FOUND AND p_seats IS NULL THEN greatest(held - sold, 0) ELSE 0 END;
        UPDATE guichet.places l SET places = l.places - n
            WHERE l.performance = r.public_id AND l.terminal_id = p_terminal AND n > 0;
        IF k > 0 OR n > 0 THEN
            INSERT INTO guichet.lending (performance, terminal_id, what, seats, places, by_whom)
                VALUES (r.public_id, p_terminal, 'reclaimed', k, n,
                        format('%s (%s)', p_by, session_user));
        END IF;
        seats := seats + k;
        places := places + n;
    END LOOP;
    RETURN jsonb_build_object('seats', seats, 'places', places);
END $$;

-- What a terminal sold of a slot that it does not hold there (sold against
-- the day's places before this version, or offline after its places were
-- reclaimed) is its own: it claims that many places of the slot's pool.
-- More than the slot's capacity between all terminals (another borrowed
-- them meanwhile) is an over_places conflict for a person. NULL: the pool
-- is not offered.
CREATE FUNCTION guichet.claim(p_performance text, p_sold integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.must_sell();
    p guichet.performance;
    mine integer;
BEGIN
    IF p_sold IS NULL OR p_sold NOT BETWEEN 0 AND 1000000 THEN
        RAISE EXCEPTION 'a claim is 0 to 1,000,000 places' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM guichet.performance WHERE public_id = p_performance FOR UPDATE;
    -- Not offered (yet): nothing to claim until the season is published.
    IF NOT FOUND OR p.kind <> 'general' THEN
        RETURN NULL;
    END IF;
    INSERT INTO guichet.places (performance, terminal_id, places)
        VALUES (p_performance, me.id, p_sold)
        ON CONFLICT (performance, terminal_id)
        DO UPDATE SET places = greatest(places.places, excluded.places)
        RETURNING places INTO mine;
    IF (SELECT sum(l.places) FROM guichet.places l WHERE l.performance = p_performance) > p.capacity THEN
        INSERT INTO guichet.conflict (key, kind, terminal_id, detail)
            VALUES (format('over_places:%s:%s', me.id, p_performance), 'over_places', me.id,
                    jsonb_build_object('terminal', me.name, 'performance', p.label,
                                       'sold', p_sold, 'held', mine, 'at', now()))
            ON CONFLICT (key) DO NOTHING;
    END IF;
    RETURN mine;
END $$;

REVOKE ALL ON FUNCTION guichet.claim(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guichet.claim(text, integer)
    TO guichet_counter, guichet_web, guichet_admin;

INSERT INTO guichet.schema_version (version) VALUES (5);
