-- Guichet's central database, version 4: the web shop, and conflicts
-- decided by an action.
--
-- The web shop is a terminal of its own (its SQLite file, its key, its
-- chain) that sells through the same functions as a counter: a buyer's
-- basket is a reservation, seats lent to it by `guichet.lend` for a few
-- minutes under the shop's payment reference; the payment confirms it.
-- Both are idempotent on that reference: a shop that asks twice (a retry,
-- a double click, a payment notification sent again) gets the same seats
-- and never pays twice for one. A reservation left to expire goes back to
-- the pool; confirmed after that (a payment arriving late), it takes its
-- seats again where they are still free, and a seat sold meanwhile is a
-- `web_seat_taken` conflict for a person (refund or move the buyer).

ALTER TABLE guichet.conflict DROP CONSTRAINT conflict_kind_check;
ALTER TABLE guichet.conflict ADD CONSTRAINT conflict_kind_check
    CHECK (kind IN ('fork', 'gap', 'behind', 'reclaimed_sale', 'over_places',
                    'duplicate_entry', 'web_seat_taken'));

CREATE TABLE guichet.web_order (
    terminal_id   bigint      NOT NULL REFERENCES guichet.terminal (id),
    reference     text        NOT NULL,      -- the shop's payment reference
    performance   text        NOT NULL REFERENCES guichet.performance (public_id),
    seats         text[]      NOT NULL DEFAULT '{}',
    places        integer     NOT NULL DEFAULT 0 CHECK (places >= 0),
    state         text        NOT NULL CHECK (state IN ('reserved', 'confirmed', 'released')),
    expires_at    timestamptz NOT NULL,
    reserved_at   timestamptz NOT NULL DEFAULT now(),
    confirmed_at  timestamptz,
    -- Confirmed late: what it could not take again.
    taken_seats   text[]      NOT NULL DEFAULT '{}',
    taken_places  integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (terminal_id, reference)
);
CREATE INDEX web_order_expiring ON guichet.web_order (terminal_id, expires_at)
    WHERE state = 'reserved';

-- Gives a reservation's seats and places back to the pool (those not
-- sold), and marks it released.
CREATE FUNCTION guichet.web_let_go(me guichet.terminal, o guichet.web_order) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE sold integer; back integer;
BEGIN
    PERFORM 1 FROM guichet.performance WHERE public_id = o.performance FOR UPDATE;
    UPDATE guichet.seat s SET holder = NULL, lent_at = NULL
        WHERE s.performance = o.performance AND s.holder = me.id AND s.seat = ANY (o.seats)
          AND NOT EXISTS (SELECT 1 FROM guichet.ticket t WHERE t.performance = s.performance
                            AND t.seat = s.seat AND NOT t.cancelled);
    GET DIAGNOSTICS back = ROW_COUNT;
    IF o.places > 0 THEN
        SELECT count(*) INTO sold FROM guichet.ticket
            WHERE terminal_id = me.id AND performance = o.performance AND NOT cancelled;
        UPDATE guichet.places SET places = greatest(places - o.places, sold)
            WHERE performance = o.performance AND terminal_id = me.id;
    END IF;
    UPDATE guichet.web_order SET state = 'released'
        WHERE terminal_id = me.id AND reference = o.reference;
    INSERT INTO guichet.lending (performance, terminal_id, what, seats, places, by_whom)
        VALUES (o.performance, me.id, 'given_back', back, o.places, me.name);
END $$;

-- Baskets of a performance past their time, whoever reserved them, go
-- back to the pool: as a shop reserves, and as any terminal borrows (a
-- shop gone quiet holds nothing for ever).
CREATE FUNCTION guichet.web_sweep(p_performance text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE o guichet.web_order; t guichet.terminal;
BEGIN
    FOR o IN SELECT * FROM guichet.web_order
             WHERE performance = p_performance AND state = 'reserved' AND expires_at < now()
             ORDER BY reserved_at FOR UPDATE SKIP LOCKED
    LOOP
        SELECT * INTO t FROM guichet.terminal WHERE id = o.terminal_id;
        PERFORM guichet.web_let_go(t, o);
    END LOOP;
END $$;

-- Lending, as in version 2, sweeps the performance's expired baskets
-- first.
CREATE OR REPLACE FUNCTION guichet.lend(p_performance text, p_seats integer, p_places integer)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.must_sell();
    p guichet.performance;
    got text[];
    free integer;
    n integer := 0;
BEGIN
    IF p_seats IS NULL OR p_places IS NULL
       OR p_seats NOT BETWEEN 0 AND 5000 OR p_places NOT BETWEEN 0 AND 100000 THEN
        RAISE EXCEPTION 'a lot is 0 to 5,000 seats and 0 to 100,000 places'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM guichet.performance WHERE public_id = p_performance FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'performance % is not offered centrally: publish the season first', p_performance
            USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM guichet.web_sweep(p_performance);
    WITH taken AS (
        SELECT s.seat FROM guichet.seat s
        WHERE s.performance = p_performance AND s.holder IS NULL
          AND NOT EXISTS (SELECT 1 FROM guichet.ticket t WHERE t.performance = s.performance
                            AND t.seat = s.seat AND NOT t.cancelled)
        ORDER BY s.rank LIMIT p_seats
        FOR UPDATE SKIP LOCKED
    ), done AS (
        UPDATE guichet.seat s SET holder = me.id, lent_at = now()
            FROM taken WHERE s.performance = p_performance AND s.seat = taken.seat
            RETURNING s.seat, s.rank
    )
    SELECT coalesce(array_agg(done.seat ORDER BY done.rank), '{}') INTO got FROM done;
    IF p.kind = 'general' AND p_places > 0 THEN
        SELECT p.capacity - coalesce(sum(places), 0) INTO free
            FROM guichet.places WHERE performance = p_performance;
        n := least(p_places, greatest(free, 0));
        INSERT INTO guichet.places (performance, terminal_id, places)
            VALUES (p_performance, me.id, n)
            ON CONFLICT (performance, terminal_id) DO UPDATE SET places = places.places + n;
    END IF;
    IF cardinality(got) > 0 OR n > 0 THEN
        INSERT INTO guichet.lending (performance, terminal_id, what, seats, places, by_whom)
            VALUES (p_performance, me.id, 'lent', cardinality(got), n, me.name);
    END IF;
    RETURN jsonb_build_object('seats', to_jsonb(got), 'places', n);
END $$;

CREATE FUNCTION guichet.web_reference_ok(p_reference text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF length(coalesce(p_reference, '')) NOT BETWEEN 1 AND 100
       OR p_reference !~ '^[[:graph:]]+$' THEN
        RAISE EXCEPTION 'a payment reference is 1 to 100 visible characters, without spaces'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END $$;

-- A buyer's basket: up to 50 seats (the best first) and 50 places of a
-- performance kept `p_minutes` (1 to 120) under the shop's payment
-- reference, lent to the shop by `guichet.lend`. Asked again with the same
-- reference: the same reservation, whatever became of it.
CREATE FUNCTION guichet.web_reserve(p_reference text, p_performance text, p_seats integer,
                                    p_places integer, p_minutes integer)
RETURNS TABLE (seats text[], places integer, expires_at timestamptz, state text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
#variable_conflict use_column
DECLARE
    me guichet.terminal := guichet.must_sell();
    o guichet.web_order;
    got jsonb;
BEGIN
    PERFORM guichet.web_reference_ok(p_reference);
    IF p_seats IS NULL OR p_places IS NULL OR p_minutes IS NULL
       OR p_seats NOT BETWEEN 0 AND 50 OR p_places NOT BETWEEN 0 AND 50
       OR p_seats + p_places = 0 OR p_minutes NOT BETWEEN 1 AND 120 THEN
        RAISE EXCEPTION 'a basket is 1 to 50 seats or places, kept 1 to 120 minutes'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(format('guichet.web:%s:%s', me.id, p_reference)));
    SELECT * INTO o FROM guichet.web_order w WHERE w.terminal_id = me.id AND w.reference = p_reference;
    IF FOUND AND (o.performance <> p_performance
                  OR cardinality(o.seats) + cardinality(o.taken_seats) <> p_seats
                  OR o.places + o.taken_places <> p_places) THEN
        RAISE EXCEPTION 'the payment reference % is another basket''s already', p_reference
            USING ERRCODE = 'unique_violation';
    END IF;
    IF NOT FOUND THEN
        got := guichet.lend(p_performance, p_seats, p_places);
        IF jsonb_array_length(got->'seats') < p_seats OR (got->>'places')::integer < p_places THEN
            RAISE EXCEPTION 'not enough left of performance % for this basket', p_performance
                USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO guichet.web_order (terminal_id, reference, performance, seats, places, state,
                                       expires_at)
            VALUES (me.id, p_reference, p_performance,
                    ARRAY(SELECT jsonb_array_elements_text(got->'seats')),
                    (got->>'places')::integer, 'reserved',
                    now() + make_interval(mins => p_minutes))
            RETURNING * INTO o;
    END IF;
    RETURN QUERY SELECT o.seats, o.places, o.expires_at, o.state;
END $$;

-- The payment came: the reservation confirmed, its seats the shop's to
-- sell (it sells them as any terminal, its sale pushed). Reserved in time:
-- as reserved. Expired or released: its seats and places taken again where
-- still free, the rest a `web_seat_taken` conflict. Confirmed already: the
-- same answer again.
CREATE FUNCTION guichet.web_confirm(p_reference text)
RETURNS TABLE (performance text, seats text[], places integer, taken_seats text[],
               taken_places integer, confirmed_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
#variable_conflict use_column
DECLARE
    me guichet.terminal := guichet.must_sell();
    o guichet.web_order;
    kept text[] := '{}';
    lost text[] := '{}';
    n integer := 0;
    free integer;
    seat_name text;
BEGIN
    PERFORM guichet.web_reference_ok(p_reference);
    PERFORM pg_advisory_xact_lock(hashtext(format('guichet.web:%s:%s', me.id, p_reference)));
    SELECT * INTO o FROM guichet.web_order w
        WHERE w.terminal_id = me.id AND w.reference = p_reference FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no basket reserved under %', p_reference USING ERRCODE = 'no_data_found';
    END IF;
    IF o.state = 'reserved' AND o.expires_at < now() THEN
        PERFORM guichet.web_let_go(me, o);
        o.state := 'released';
    END IF;
    IF o.state <> 'confirmed' THEN
        PERFORM 1 FROM guichet.performance WHERE public_id = o.performance FOR UPDATE;
        FOREACH seat_name IN ARRAY o.seats LOOP
            -- Free: in the pool, or still the shop's and in none of its
            -- other baskets; and sold by no one.
            UPDATE guichet.seat s SET holder = me.id, lent_at = now()
                WHERE s.performance = o.performance AND s.seat = seat_name
                  AND (s.holder IS NULL
                       OR (s.holder = me.id
                           AND NOT EXISTS (SELECT 1 FROM guichet.web_order w2
                                           WHERE w2.terminal_id = me.id
                                             AND w2.performance = o.performance
                                             AND w2.reference <> p_reference
                                             AND w2.state IN ('reserved', 'confirmed')
                                             AND s.seat = ANY (w2.seats))))
                  AND NOT EXISTS (SELECT 1 FROM guichet.ticket t WHERE t.performance = s.performance
                                    AND t.seat = s.seat AND NOT t.cancelled);
            IF FOUND THEN
                kept := kept || seat_name;
            ELSE
                lost := lost || seat_name;
            END IF;
        END LOOP;
        -- Places: still the shop's when reserved in time; taken again when
        -- the basket went back.
        n := o.places;
        IF o.state = 'released' AND o.places > 0 THEN
            SELECT p.capacity - coalesce((SELECT sum(l.places) FROM guichet.places l
                                          WHERE l.performance = o.performance), 0)
                INTO free FROM guichet.performance p WHERE p.public_id = o.performance;
            n := least(o.places, greatest(free, 0));
            INSERT INTO guichet.places (performance, terminal_id, places)
                VALUES (o.performance, me.id, n)
                ON CONFLICT (performance, terminal_id) DO UPDATE SET places = places.places + n;
        END IF;
        UPDATE guichet.web_order w SET seats = kept, places = n, taken_seats = lost,
                                       taken_places = o.places - n
            WHERE w.terminal_id = me.id AND w.reference = p_reference;
        IF cardinality(lost) > 0 OR n < o.places THEN
            INSERT INTO guichet.conflict (key, kind, terminal_id, detail)
                VALUES (format('web_seat_taken:%s:%s', me.id, p_reference), 'web_seat_taken', me.id,
                        jsonb_build_object(
                            'terminal', me.name, 'reference', p_reference,
                            'performance', (SELECT label FROM guichet.performance
                                            WHERE public_id = o.performance),
                            'seats', to_jsonb(lost), 'places', o.places - n))
                ON CONFLICT (key) DO NOTHING;
        END IF;
    END IF;
    UPDATE guichet.web_order w SET state = 'confirmed', confirmed_at = coalesce(w.confirmed_at, now())
        WHERE w.terminal_id = me.id AND w.reference = p_reference
        RETURNING * INTO o;
    RETURN QUERY SELECT o.performance, o.seats, o.places, o.taken_seats, o.taken_places,
                        o.confirmed_at;
END $$;

-- The buyer gave up (or the payment failed): the basket's seats back to the
-- pool at once. A confirmed order is not released: it is refunded.
CREATE FUNCTION guichet.web_release(p_reference text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.must_sell();
    o guichet.web_order;
BEGIN
    PERFORM guichet.web_reference_ok(p_reference);
    PERFORM pg_advisory_xact_lock(hashtext(format('guichet.web:%s:%s', me.id, p_reference)));
    SELECT * INTO o FROM guichet.web_order w
        WHERE w.terminal_id = me.id AND w.reference = p_reference FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no basket reserved under %', p_reference USING ERRCODE = 'no_data_found';
    END IF;
    IF o.state = 'confirmed' THEN
        RAISE EXCEPTION 'the order % is paid: refund it, it is not released', p_reference
            USING ERRCODE = 'check_violation';
    END IF;
    IF o.state = 'reserved' THEN
        PERFORM guichet.web_let_go(me, o);
    END IF;
    RETURN 'released';
END $$;

REVOKE ALL ON FUNCTION guichet.web_let_go(guichet.terminal, guichet.web_order),
    guichet.web_sweep(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guichet.web_reserve(text, text, integer, integer, integer),
    guichet.web_confirm(text), guichet.web_release(text)
    TO guichet_web, guichet_counter, guichet_admin;

-- Online, a counter sells from the pool directly: the seats a clerk picks
-- (by their names, at most 50) lent to it at once, those still in the pool
-- and sold by no one: {"seats": [...]}, the ones it got.
CREATE FUNCTION guichet.lend_seats(p_performance text, p_seats text[])
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.must_sell();
    got text[];
BEGIN
    IF coalesce(cardinality(p_seats), 0) NOT BETWEEN 1 AND 50 THEN
        RAISE EXCEPTION 'name 1 to 50 seats' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM 1 FROM guichet.performance WHERE public_id = p_performance FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'performance % is not offered centrally: publish the season first', p_performance
            USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM guichet.web_sweep(p_performance);
    WITH taken AS (
        SELECT s.seat FROM guichet.seat s
        WHERE s.performance = p_performance AND s.seat = ANY (p_seats) AND s.holder IS NULL
          AND NOT EXISTS (SELECT 1 FROM guichet.ticket t WHERE t.performance = s.performance
                            AND t.seat = s.seat AND NOT t.cancelled)
        FOR UPDATE SKIP LOCKED
    ), done AS (
        UPDATE guichet.seat s SET holder = me.id, lent_at = now()
            FROM taken WHERE s.performance = p_performance AND s.seat = taken.seat
            RETURNING s.seat, s.rank
    )
    SELECT coalesce(array_agg(done.seat ORDER BY done.rank), '{}') INTO got FROM done;
    IF cardinality(got) > 0 THEN
        INSERT INTO guichet.lending (performance, terminal_id, what, seats, places, by_whom)
            VALUES (p_performance, me.id, 'lent', cardinality(got), 0, me.name);
    END IF;
    RETURN jsonb_build_object('seats', to_jsonb(got));
END $$;
GRANT EXECUTE ON FUNCTION guichet.lend_seats(text, text[])
    TO guichet_counter, guichet_web, guichet_admin;

-- A conflict is decided by an action, among those its kind allows, with
-- what was done: refund or move a holder, accept a re-entry, retire a
-- terminal (an administrator's terminal: it is retired there and then,
-- what it held back in the pool), or acknowledge.
ALTER TABLE guichet.conflict ADD COLUMN action text;

CREATE FUNCTION guichet.actions_for(p_kind text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_kind
        WHEN 'reclaimed_sale' THEN ARRAY['refund', 'move', 'acknowledge']
        WHEN 'over_places' THEN ARRAY['refund', 'acknowledge']
        WHEN 'duplicate_entry' THEN ARRAY['accept_reentry', 'refund', 'acknowledge']
        WHEN 'web_seat_taken' THEN ARRAY['refund', 'move', 'acknowledge']
        ELSE ARRAY['retire', 'acknowledge']
    END
$$;

DROP FUNCTION guichet.decide(bigint, text, text);
CREATE FUNCTION guichet.decide(p_conflict bigint, p_action text, p_note text, p_by text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    c guichet.conflict;
    who text;
    me guichet.terminal;
BEGIN
    IF length(coalesce(p_note, '')) > 500 OR length(coalesce(p_by, '')) NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION 'a decision says what was done (500 characters at most) and who decided'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO c FROM guichet.conflict WHERE id = p_conflict AND decided_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no conflict % waits for a decision', p_conflict
            USING ERRCODE = 'no_data_found';
    END IF;
    IF p_action IS NULL OR NOT (p_action = ANY (guichet.actions_for(c.kind))) THEN
        RAISE EXCEPTION 'a % conflict is decided by one of: %', c.kind,
            array_to_string(guichet.actions_for(c.kind), ', ')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_action IN ('refund', 'move') AND length(trim(coalesce(p_note, ''))) = 0 THEN
        RAISE EXCEPTION 'say what was done (the order refunded, the holder''s new seat)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- A terminal does not close its own conflicts, whatever its kind:
    -- another does, or an administrator's login that is no terminal.
    SELECT * INTO me FROM guichet.terminal t WHERE t.login = session_user;
    IF FOUND AND c.terminal_id = me.id THEN
        RAISE EXCEPTION 'a conflict of terminal % is decided from another terminal or by an administrator', me.name
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF pg_has_role(session_user, 'guichet_admin', 'MEMBER') THEN
        who := format('%s (%s)', p_by, coalesce(me.name, session_user));
    ELSE
        me := guichet.me();
        who := format('%s (%s)', p_by, me.name);
    END IF;
    IF p_action = 'retire' THEN
        PERFORM guichet.must_administer();
        PERFORM guichet.retire(c.terminal_id, p_by);
        PERFORM guichet.reclaim(c.terminal_id, NULL, NULL, p_by);
    END IF;
    UPDATE guichet.conflict
        SET action = p_action, decision = coalesce(nullif(trim(p_note), ''), p_action),
            decided_by = who, decided_at = now()
        WHERE id = p_conflict;
END $$;

-- The conflicts, each with the actions that decide it and the one chosen.
DROP FUNCTION guichet.conflicts();
CREATE FUNCTION guichet.conflicts()
RETURNS TABLE (id bigint, kind text, terminal text, detail jsonb, seen_at timestamptz,
               decision text, decided_by text, decided_at timestamptz, mine boolean,
               action text, actions text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_be_in_service();
    RETURN QUERY
        SELECT c.id, c.kind, t.name, c.detail, c.seen_at, c.decision, c.decided_by, c.decided_at,
               coalesce(t.login = session_user, false), c.action, guichet.actions_for(c.kind)
        FROM guichet.conflict c LEFT JOIN guichet.terminal t ON t.id = c.terminal_id
        ORDER BY c.decided_at IS NOT NULL, c.seen_at DESC;
END $$;

GRANT EXECUTE ON FUNCTION guichet.conflicts()
    TO guichet_counter, guichet_door, guichet_web, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.decide(bigint, text, text, text)
    TO guichet_counter, guichet_admin;

INSERT INTO guichet.schema_version (version) VALUES (4);
