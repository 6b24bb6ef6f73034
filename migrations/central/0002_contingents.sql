-- Guichet's central database, version 2: the season's places, lent to the
-- terminals in contingents, and the tickets their pushed chains sold.
--
-- A coordinator's terminal offers each performance it publishes: its
-- numbered seats (in the order the best are lent first) or its capacity of
-- general admission, the pool. A terminal borrows a lot of them in one
-- transaction (a seat is lent to one holder at a time), sells offline only
-- what it holds, and gives back what it did not sell. The tickets come from
-- the sale and cancellation records each terminal pushes: a sale on a seat
-- the terminal did not hold any more (reclaimed from it meanwhile) is a
-- conflict, the one way a double sale can arise.

ALTER TABLE guichet.conflict DROP CONSTRAINT conflict_kind_check;
ALTER TABLE guichet.conflict ADD CONSTRAINT conflict_kind_check
    CHECK (kind IN ('fork', 'gap', 'behind', 'reclaimed_sale', 'over_places'));

-- A performance offered: numbered (its seats below) or general admission
-- (`capacity` places, lent by number).
CREATE TABLE guichet.performance (
    public_id   text        PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('numbered', 'general')),
    capacity    integer     NOT NULL CHECK (capacity >= 0),
    label       text        NOT NULL,
    offered_by  text        NOT NULL,
    offered_at  timestamptz NOT NULL DEFAULT now()
);

-- A numbered seat of a performance, by its name as tickets carry it
-- ("Orchestre, rang F, 8"); in the pool while `holder` is null.
CREATE TABLE guichet.seat (
    performance  text        NOT NULL REFERENCES guichet.performance (public_id),
    seat         text        NOT NULL,
    rank         integer     NOT NULL,       -- lent in this order: the best first
    holder       bigint      REFERENCES guichet.terminal (id),
    lent_at      timestamptz,
    PRIMARY KEY (performance, seat)
);
CREATE INDEX seat_pool ON guichet.seat (performance, rank) WHERE holder IS NULL;
CREATE INDEX seat_holder ON guichet.seat (holder) WHERE holder IS NOT NULL;

-- Places of general admission a terminal holds (those it sold included).
CREATE TABLE guichet.places (
    performance  text        NOT NULL REFERENCES guichet.performance (public_id),
    terminal_id  bigint      NOT NULL REFERENCES guichet.terminal (id),
    places       integer     NOT NULL CHECK (places >= 0),
    PRIMARY KEY (performance, terminal_id)
);

-- Every ticket the pushed chains sold (training aside), cancelled or not.
CREATE TABLE guichet.ticket (
    id           text        PRIMARY KEY,    -- its public id
    terminal_id  bigint      NOT NULL REFERENCES guichet.terminal (id),
    performance  text        NOT NULL,
    seat         text,
    seq          bigint      NOT NULL,       -- its sale record
    cancelled    boolean     NOT NULL DEFAULT false
);
CREATE INDEX ticket_seat ON guichet.ticket (performance, seat)
    WHERE seat IS NOT NULL AND NOT cancelled;
CREATE INDEX ticket_terminal ON guichet.ticket (terminal_id, performance);

-- What was lent, given back and reclaimed, by whom: the contingents' story.
CREATE TABLE guichet.lending (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    performance  text        NOT NULL,
    terminal_id  bigint      NOT NULL REFERENCES guichet.terminal (id),
    what         text        NOT NULL CHECK (what IN ('offered', 'lent', 'given_back', 'reclaimed')),
    seats        integer     NOT NULL,
    places       integer     NOT NULL,
    by_whom      text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now()
);

-- A terminal that sells: a counter, the web shop, an administrator's.
CREATE FUNCTION guichet.must_sell() RETURNS guichet.terminal
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE me guichet.terminal := guichet.me();
BEGIN
    IF me.kind NOT IN ('counter', 'web', 'admin') THEN
        RAISE EXCEPTION 'a % terminal sells nothing', me.kind
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN me;
END $$;

-- A performance offered by the coordinator's terminal that publishes the
-- season: its seats for sale, best first (added when missing: offering
-- twice changes nothing), or its capacity; the seats and places this
-- terminal sold already stay its own.
CREATE FUNCTION guichet.offer(p_performance text, p_kind text, p_capacity integer,
                              p_label text, p_seats text[], p_mine text[], p_mine_places integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE me guichet.terminal := guichet.me(); added integer; lent integer;
BEGIN
    IF me.kind NOT IN ('counter', 'admin') THEN
        RAISE EXCEPTION 'a % terminal does not offer performances', me.kind
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_kind IS NULL OR p_capacity IS NULL OR p_mine_places IS NULL
       OR p_kind NOT IN ('numbered', 'general') OR p_capacity NOT BETWEEN 0 AND 1000000
       OR coalesce(array_length(p_seats, 1), 0) > 100000
       OR coalesce(array_length(p_mine, 1), 0) > 100000
       OR p_mine_places NOT BETWEEN 0 AND p_capacity
       OR length(coalesce(p_performance, '')) NOT BETWEEN 1 AND 100 THEN
        RAISE EXCEPTION 'an offer is a performance, numbered or general, a capacity up to 1,000,000 and at most 100,000 seats'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO guichet.performance (public_id, kind, capacity, label, offered_by)
        VALUES (p_performance, p_kind, p_capacity, left(p_label, 200), me.name)
        ON CONFLICT (public_id) DO UPDATE SET label = excluded.label;
    IF (SELECT kind FROM guichet.performance WHERE public_id = p_performance) <> p_kind THEN
        RAISE EXCEPTION 'performance % was offered as another kind of hall', p_label
            USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO guichet.seat (performance, seat, rank)
        SELECT p_performance, s, n FROM unnest(p_seats) WITH ORDINALITY AS u(s, n)
        ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    UPDATE guichet.seat SET holder = me.id, lent_at = now()
        WHERE performance = p_performance AND seat = ANY (p_mine) AND holder IS NULL;
    GET DIAGNOSTICS lent = ROW_COUNT;
    IF p_kind = 'general' THEN
        UPDATE guichet.performance SET capacity = p_capacity WHERE public_id = p_performance;
        INSERT INTO guichet.places (performance, terminal_id, places)
            VALUES (p_performance, me.id, p_mine_places)
            ON CONFLICT (performance, terminal_id)
            DO UPDATE SET places = greatest(places.places, excluded.places);
        IF (SELECT sum(places) FROM guichet.places WHERE performance = p_performance) > p_capacity THEN
            RAISE EXCEPTION 'performance % would lend more places than its capacity of %',
                p_label, p_capacity USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF added > 0 OR lent > 0 THEN
        INSERT INTO guichet.lending (performance, terminal_id, what, seats, places, by_whom)
            VALUES (p_performance, me.id, 'offered', added, p_mine_places, me.name);
    END IF;
    RETURN added;
END $$;

-- Lends the calling terminal up to `p_seats` seats of the pool (the best
-- first) and up to `p_places` places of general admission, in one
-- transaction: what it got, {"seats": [...], "places": n}. Two terminals
-- borrowing at once never get the same seat.
CREATE FUNCTION guichet.lend(p_performance text, p_seats integer, p_places integer)
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

-- The calling terminal gives back seats it holds and did not sell, and
-- `p_places` places of general admission it did not sell: what went back.
CREATE FUNCTION guichet.give_back(p_performance text, p_seats text[], p_places integer)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.must_sell();
    back integer;
    held integer;
    sold integer;
    n integer := 0;
BEGIN
    IF coalesce(array_length(p_seats, 1), 0) > 100000 OR p_places IS NULL
       OR p_places NOT BETWEEN 0 AND 1000000 THEN
        RAISE EXCEPTION 'at most 100,000 seats and 1,000,000 places go back at once'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM 1 FROM guichet.performance WHERE public_id = p_performance FOR UPDATE;
    UPDATE guichet.seat s SET holder = NULL, lent_at = NULL
        WHERE s.performance = p_performance AND s.holder = me.id AND s.seat = ANY (p_seats)
          AND NOT EXISTS (SELECT 1 FROM guichet.ticket t WHERE t.performance = s.performance
                            AND t.seat = s.seat AND NOT t.cancelled);
    GET DIAGNOSTICS back = ROW_COUNT;
    SELECT places INTO held FROM guichet.places
        WHERE performance = p_performance AND terminal_id = me.id FOR UPDATE;
    IF FOUND AND p_places > 0 THEN
        SELECT count(*) INTO sold FROM guichet.ticket
            WHERE terminal_id = me.id AND performance = p_performance AND NOT cancelled;
        -- Never below what its pushed chain says it sold.
        n := least(p_places, greatest(held - sold, 0));
        UPDATE guichet.places SET places = places - n
            WHERE performance = p_performance AND terminal_id = me.id;
    END IF;
    IF back > 0 OR n > 0 THEN
        INSERT INTO guichet.lending (performance, terminal_id, what, seats, places, by_whom)
            VALUES (p_performance, me.id, 'given_back', back, n, me.name);
    END IF;
    RETURN jsonb_build_object('seats', back, 'places', n);
END $$;

-- What the calling terminal holds, as the central side knows it: each
-- seat lent to it, and its places of general admission.
CREATE FUNCTION guichet.holding()
RETURNS TABLE (performance text, seat text, places integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
    SELECT s.performance, s.seat, NULL::integer FROM guichet.seat s
        WHERE s.holder = (guichet.me()).id
    UNION ALL
    SELECT l.performance, NULL, l.places FROM guichet.places l
        WHERE l.terminal_id = (guichet.me()).id
    ORDER BY 1, 2
$$;

-- Takes back what a terminal holds and has not sold as far as its pushed
-- chain says (an administrator, for a lost terminal or one that stays
-- offline): of one performance, or of all when `p_performance` is null;
-- only the seats named in `p_seats` when it is not null (its places of
-- general admission then stay). Seats it sold offline meanwhile surface as
-- conflicts when it pushes.
CREATE FUNCTION guichet.reclaim(p_terminal bigint, p_performance text, p_seats text[],
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

-- A performance's places as the central side counts them: each once, as
-- sold (a valid ticket), lent (held by a terminal, unsold) or in the pool.
CREATE FUNCTION guichet.places_of(p_performance text)
RETURNS TABLE (capacity integer, sold bigint, lent bigint, pool bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE p guichet.performance;
BEGIN
    PERFORM guichet.must_be_in_service();
    SELECT * INTO p FROM guichet.performance WHERE public_id = p_performance;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF p.kind = 'numbered' THEN
        RETURN QUERY
            SELECT count(*)::integer,
                   count(*) FILTER (WHERE sold.seat IS NOT NULL),
                   count(*) FILTER (WHERE sold.seat IS NULL AND s.holder IS NOT NULL),
                   count(*) FILTER (WHERE sold.seat IS NULL AND s.holder IS NULL)
            FROM guichet.seat s
            LEFT JOIN LATERAL (SELECT t.seat FROM guichet.ticket t
                               WHERE t.performance = s.performance AND t.seat = s.seat
                                 AND NOT t.cancelled LIMIT 1) sold ON true
            WHERE s.performance = p_performance;
    ELSE
        RETURN QUERY
            -- Every valid ticket counts as sold, whoever sold it: a
            -- terminal that sold more than it held shows as more sold
            -- than the capacity allows (and is an over_places conflict).
            WITH held AS (
                SELECT l.terminal_id, l.places,
                       (SELECT count(*) FROM guichet.ticket t WHERE t.terminal_id = l.terminal_id
                          AND t.performance = l.performance AND NOT t.cancelled) AS sold
                FROM guichet.places l WHERE l.performance = p_performance
            )
            SELECT p.capacity,
                   (SELECT count(*) FROM guichet.ticket t
                     WHERE t.performance = p_performance AND NOT t.cancelled),
                   (SELECT coalesce(sum(greatest(h.places - h.sold, 0)), 0) FROM held h)::bigint,
                   (p.capacity - (SELECT coalesce(sum(h.places), 0) FROM held h))::bigint;
    END IF;
END $$;

-- The tickets of a sale or a cancellation record as it is stored (the
-- fiscal chain: training sells nothing). A sale on a seat its terminal
-- does not hold (reclaimed from it, or never lent) is a conflict; a seat
-- back in the pool is its own from then on, so it is never lent again.
CREATE FUNCTION guichet.take_tickets() RETURNS trigger
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
            SELECT l->>'performance' AS performance, n
            FROM jsonb_array_elements(data->'lines') WITH ORDINALITY AS x(l, n),
                 generate_series(1, least((l->>'quantity')::integer, 10000))
        ), owner AS (
            SELECT performance, row_number() OVER (ORDER BY n) AS i FROM line
        )
        SELECT k->>'id' AS id, k->>'seat' AS seat, o.performance
        FROM jsonb_array_elements(data->'tickets') WITH ORDINALITY AS y(k, i)
        JOIN owner o ON o.i = y.i
    LOOP
        INSERT INTO guichet.ticket (id, terminal_id, performance, seat, seq)
            VALUES (t.id, NEW.terminal_id, t.performance, t.seat, NEW.seq)
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

CREATE TRIGGER take_tickets AFTER INSERT ON guichet.ledger_record
    FOR EACH ROW EXECUTE FUNCTION guichet.take_tickets();

-- A coordinator's window listening on `guichet_conflict` sees each new
-- conflict at once.
CREATE FUNCTION guichet.announce_conflict() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM pg_notify('guichet_conflict', NEW.id::text);
    RETURN NULL;
END $$;

CREATE TRIGGER announce_conflict AFTER INSERT ON guichet.conflict
    FOR EACH ROW EXECUTE FUNCTION guichet.announce_conflict();

-- The conflicts, now saying which are the caller's own (those it does not
-- decide: another terminal or an administrator does).
DROP FUNCTION guichet.conflicts();
CREATE FUNCTION guichet.conflicts()
RETURNS TABLE (id bigint, kind text, terminal text, detail jsonb, seen_at timestamptz,
               decision text, decided_by text, decided_at timestamptz, mine boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_be_in_service();
    RETURN QUERY
        SELECT c.id, c.kind, t.name, c.detail, c.seen_at, c.decision, c.decided_by, c.decided_at,
               coalesce(t.login = session_user, false)
        FROM guichet.conflict c LEFT JOIN guichet.terminal t ON t.id = c.terminal_id
        ORDER BY c.decided_at IS NOT NULL, c.seen_at DESC;
END $$;
GRANT EXECUTE ON FUNCTION guichet.conflicts()
    TO guichet_counter, guichet_door, guichet_web, guichet_admin;

REVOKE ALL ON FUNCTION guichet.must_sell(), guichet.take_tickets(),
    guichet.announce_conflict() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guichet.lend(text, integer, integer),
    guichet.give_back(text, text[], integer)
    TO guichet_counter, guichet_web, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.holding()
    TO guichet_counter, guichet_door, guichet_web, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.offer(text, text, integer, text, text[], text[], integer)
    TO guichet_counter, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.places_of(text)
    TO guichet_counter, guichet_door, guichet_web, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.reclaim(bigint, text, text[], text) TO guichet_admin;

INSERT INTO guichet.schema_version (version) VALUES (2);
