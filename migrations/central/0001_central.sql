-- Guichet's central database, version 1: the venue's terminals, their
-- ledgers as they pushed them, and the conflicts a person must decide.
--
-- Everything lives in the schema `guichet`, owned by the role that ran
-- `guichet central init`. No terminal reads or writes a table: each logs in
-- as its own role, member of one group (guichet_counter, guichet_door,
-- guichet_web, guichet_admin), and may only call the functions its group is
-- granted. Each function is SECURITY DEFINER and finds the calling terminal
-- by its login (session_user): a terminal cannot write another's rows.
-- Administrators (people, and an administrator's terminal) are members of
-- guichet_admin: they enrol terminals and read every chain to verify it.

CREATE SCHEMA guichet;
REVOKE ALL ON SCHEMA guichet FROM PUBLIC;
-- A function a later version adds is no one's until it is granted.
ALTER DEFAULT PRIVILEGES IN SCHEMA guichet REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

CREATE TABLE guichet.schema_version (
    version     integer     PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- A terminal enrolled by an administrator: its login, its first public key
-- (its chain announces the next ones), the enrolment as its ledger signed it.
CREATE TABLE guichet.terminal (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id    text        NOT NULL UNIQUE,   -- `terminal` in its ledger's records
    name         text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('counter', 'door', 'web', 'admin')),
    login        text        NOT NULL UNIQUE,   -- its database role
    public_key   bytea       NOT NULL CHECK (length(public_key) = 32),
    enrolled_by  text        NOT NULL,          -- the administrator who enrolled it, and their login
    enrolled_at  timestamptz NOT NULL DEFAULT now(),
    retired_at   timestamptz,
    retired_by   text
);

-- Each terminal's chains as pushed: the records exactly as signed.
CREATE TABLE guichet.ledger_record (
    terminal_id  bigint      NOT NULL REFERENCES guichet.terminal (id),
    chain        text        NOT NULL CHECK (chain IN ('fiscal', 'training')),
    seq          bigint      NOT NULL CHECK (seq > 0),
    kind         text        NOT NULL,
    at           text        NOT NULL,
    recorded     bigint      NOT NULL,          -- ms since the epoch, as the terminal wrote it
    body         text        NOT NULL,
    prev_hash    bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash         bytea       NOT NULL CHECK (length(hash) = 32),
    signature    bytea       NOT NULL CHECK (length(signature) = 64),
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (terminal_id, chain, seq)
);

-- What a person must decide: a fork or a gap in a pushed chain (later: a
-- duplicate entry, a sale on a reclaimed seat, a web order on a seat no
-- longer free). `key` makes the same conflict found twice one row.
CREATE TABLE guichet.conflict (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key          text        NOT NULL UNIQUE,
    kind         text        NOT NULL CHECK (kind IN ('fork', 'gap', 'behind')),
    terminal_id  bigint      REFERENCES guichet.terminal (id),
    detail       jsonb       NOT NULL,
    seen_at      timestamptz NOT NULL DEFAULT now(),
    decision     text,
    decided_by   text,
    decided_at   timestamptz
);
CREATE INDEX conflict_open ON guichet.conflict (seen_at) WHERE decided_at IS NULL;

-- The season as a coordinator published it (a season file), newest last:
-- a terminal that joins imports the newest.
CREATE TABLE guichet.season (
    version       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file          text        NOT NULL,
    sha256        text        NOT NULL,
    published_by  text        NOT NULL,         -- the terminal that published it
    published_at  timestamptz NOT NULL DEFAULT now()
);

-- The calling terminal, by its login; refused when unknown or retired.
CREATE FUNCTION guichet.me() RETURNS guichet.terminal
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE t guichet.terminal;
BEGIN
    SELECT * INTO t FROM guichet.terminal WHERE login = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the login % is no Guichet terminal', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF t.retired_at IS NOT NULL THEN
        RAISE EXCEPTION 'terminal % was retired on %', t.name, t.retired_at
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN t;
END $$;

-- The schema's version, for any terminal or administrator.
CREATE FUNCTION guichet.version() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
    SELECT max(version) FROM guichet.schema_version
$$;

-- Refused unless the caller is an administrator or a terminal in service.
CREATE FUNCTION guichet.must_be_in_service() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'guichet_admin', 'MEMBER') THEN
        PERFORM guichet.me();
    END IF;
END $$;

-- Refused unless the caller is an administrator (a member of guichet_admin).
CREATE FUNCTION guichet.must_administer() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'guichet_admin', 'MEMBER') THEN
        RAISE EXCEPTION 'the login % is no Guichet administrator', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

-- Enrols a terminal (an administrator calls it, from the terminal that
-- joins): its login role is created in its group with the SCRAM verifier
-- the terminal computed (the password itself never reaches the server),
-- and its row written. `p_by` is the administrator as the terminal knows
-- them (its operator).
CREATE FUNCTION guichet.enrol(p_public_id text, p_name text, p_kind text, p_login text,
                              p_verifier text, p_public_key bytea, p_by text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE id bigint;
BEGIN
    PERFORM guichet.must_administer();
    IF p_kind NOT IN ('counter', 'door', 'web', 'admin') THEN
        RAISE EXCEPTION 'no terminal kind %', p_kind USING ERRCODE = 'check_violation';
    END IF;
    IF p_login !~ '^guichet_t_[a-z0-9_]{1,40}$' THEN
        RAISE EXCEPTION 'a terminal''s login is guichet_t_ and lower-case letters, digits, _'
            USING ERRCODE = 'check_violation';
    END IF;
    -- Only a SCRAM verifier: the password itself never reaches the server.
    IF p_verifier IS NULL
       OR p_verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        RAISE EXCEPTION 'a terminal''s password reaches the server as a SCRAM-SHA-256 verifier only'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- The same terminal enrolled before but never heard from (its own
    -- write failed after): its password is set anew, nothing else changes.
    SELECT t.id INTO id FROM guichet.terminal t
        WHERE t.public_id = p_public_id AND t.login = p_login AND t.public_key = p_public_key
          AND t.retired_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM guichet.ledger_record l WHERE l.terminal_id = t.id);
    IF FOUND THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
        RETURN id;
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I',
                   p_login, p_verifier, 'guichet_' || p_kind);
    INSERT INTO guichet.terminal (public_id, name, kind, login, public_key, enrolled_by)
        VALUES (p_public_id, p_name, p_kind, p_login, p_public_key,
                format('%s (%s)', p_by, session_user))
        RETURNING terminal.id INTO id;
    RETURN id;
END $$;

-- Stores records the calling terminal pushes (a JSON array, each with
-- chain, seq, kind, at, recorded, body and the hex of prev_hash, hash and
-- signature), in order. A record already there with the same hash changes
-- nothing; with another hash it is a fork; one that does not follow the
-- chain's last (a seq skipped, another previous hash) is a gap or a fork:
-- a conflict (recorded once however often it is pushed), and that chain's
-- later records wait. Returns {"stored": n, "already": n, "conflicts": n},
-- conflicts counting the forks and gaps met by this push.
CREATE FUNCTION guichet.push(p_records jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE
    me guichet.terminal := guichet.me();
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

-- The calling terminal's chain is shorter than what it pushed before (a
-- restored older copy, a truncated ledger): a conflict, kept once.
CREATE FUNCTION guichet.behind(p_chain text, p_local_last bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE me guichet.terminal := guichet.me(); last_seq bigint;
BEGIN
    SELECT max(seq) INTO last_seq FROM guichet.ledger_record
        WHERE terminal_id = me.id AND chain = p_chain;
    IF last_seq IS NULL OR p_local_last >= last_seq THEN
        RETURN;
    END IF;
    INSERT INTO guichet.conflict (key, kind, terminal_id, detail)
        VALUES (format('behind:%s:%s:%s', me.id, p_chain, p_local_last), 'behind', me.id,
                jsonb_build_object('terminal', me.name, 'chain', p_chain,
                    'here', last_seq, 'there', p_local_last))
        ON CONFLICT (key) DO NOTHING;
END $$;

-- The last record the calling terminal has here, per chain: where its next
-- push starts.
CREATE FUNCTION guichet.pushed() RETURNS TABLE (chain text, seq bigint, hash bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
    SELECT DISTINCT ON (l.chain) l.chain, l.seq, l.hash
    FROM guichet.ledger_record l
    WHERE l.terminal_id = (guichet.me()).id
    ORDER BY l.chain, l.seq DESC
$$;

-- Every terminal as enrolled (an administrator's verification reads them).
CREATE FUNCTION guichet.terminals()
RETURNS TABLE (id bigint, public_id text, name text, kind text, public_key bytea,
               enrolled_by text, retired_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_administer();
    RETURN QUERY SELECT t.id, t.public_id, t.name, t.kind, t.public_key, t.enrolled_by,
                        t.retired_at
                 FROM guichet.terminal t ORDER BY t.id;
END $$;

-- A page of a terminal's chain (an administrator's verification).
CREATE FUNCTION guichet.records(p_terminal bigint, p_chain text, p_after bigint, p_limit int)
RETURNS TABLE (seq bigint, kind text, at text, recorded bigint, body text, prev_hash bytea,
               hash bytea, signature bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_administer();
    RETURN QUERY SELECT l.seq, l.kind, l.at, l.recorded, l.body, l.prev_hash, l.hash,
                        l.signature
                 FROM guichet.ledger_record l
                 WHERE l.terminal_id = p_terminal AND l.chain = p_chain AND l.seq > p_after
                 ORDER BY l.seq LIMIT least(p_limit, 5000);
END $$;

-- The conflicts, open first (any terminal's coordinator reads them; the
-- EXECUTE granted to the groups is the gate, and a retired terminal's
-- login is closed).
CREATE FUNCTION guichet.conflicts()
RETURNS TABLE (id bigint, kind text, terminal text, detail jsonb, seen_at timestamptz,
               decision text, decided_by text, decided_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_be_in_service();
    RETURN QUERY
        SELECT c.id, c.kind, t.name, c.detail, c.seen_at, c.decision, c.decided_by, c.decided_at
        FROM guichet.conflict c LEFT JOIN guichet.terminal t ON t.id = c.terminal_id
        ORDER BY c.decided_at IS NOT NULL, c.seen_at DESC;
END $$;

-- A conflict decided: what was done (acknowledged, the terminal retired,
-- the record kept or refunded…) and by whom, once.
CREATE FUNCTION guichet.decide(p_conflict bigint, p_decision text, p_by text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE who text; me guichet.terminal;
BEGIN
    IF length(coalesce(p_decision, '')) NOT BETWEEN 1 AND 500
       OR length(coalesce(p_by, '')) NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION 'a decision says what was done (500 characters at most) and who decided'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pg_has_role(session_user, 'guichet_admin', 'MEMBER') THEN
        who := format('%s (%s)', p_by, session_user);
    ELSE
        me := guichet.me();
        -- A terminal does not close its own conflicts: another does, or an
        -- administrator.
        IF EXISTS (SELECT 1 FROM guichet.conflict WHERE id = p_conflict AND terminal_id = me.id) THEN
            RAISE EXCEPTION 'a conflict of terminal % is decided from another terminal or by an administrator', me.name
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        who := format('%s (%s)', p_by, me.name);
    END IF;
    UPDATE guichet.conflict SET decision = p_decision, decided_by = who, decided_at = now()
        WHERE id = p_conflict AND decided_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no conflict % waits for a decision', p_conflict
            USING ERRCODE = 'no_data_found';
    END IF;
END $$;

-- A lost or stolen terminal retired (an administrator): its login closed
-- and its sessions ended at once; its row and chains stay, as evidence.
CREATE FUNCTION guichet.retire(p_terminal bigint, p_by text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE t guichet.terminal;
BEGIN
    PERFORM guichet.must_administer();
    UPDATE guichet.terminal SET retired_at = now(), retired_by = format('%s (%s)', p_by, session_user)
        WHERE id = p_terminal AND retired_at IS NULL
        RETURNING * INTO t;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no terminal % in service', p_terminal USING ERRCODE = 'no_data_found';
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN', t.login);
    -- Its open sessions are ended when the owner may (a superuser, or a
    -- member of pg_signal_backend); otherwise every call they make is
    -- refused from now on anyway (guichet.me()).
    BEGIN
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = t.login;
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
    RETURN t.name;
END $$;

-- The season published by a coordinator's terminal (a season file).
CREATE FUNCTION guichet.publish_season(p_file text, p_sha256 text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
DECLARE me guichet.terminal := guichet.me(); v bigint;
BEGIN
    IF me.kind NOT IN ('counter', 'admin') THEN
        RAISE EXCEPTION 'a % terminal does not publish the season', me.kind
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO guichet.season (file, sha256, published_by) VALUES (p_file, p_sha256, me.name)
        RETURNING version INTO v;
    RETURN v;
END $$;

-- The newest season published: its version and file.
CREATE FUNCTION guichet.season() RETURNS TABLE (version bigint, file text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = guichet, pg_temp AS $$
BEGIN
    PERFORM guichet.must_be_in_service();
    RETURN QUERY SELECT s.version, s.file FROM guichet.season s
                 ORDER BY s.version DESC LIMIT 1;
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA guichet FROM PUBLIC;
GRANT USAGE ON SCHEMA guichet TO guichet_counter, guichet_door, guichet_web, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.me(), guichet.version(), guichet.push(jsonb),
    guichet.pushed(), guichet.behind(text, bigint), guichet.conflicts(), guichet.season()
    TO guichet_counter, guichet_door, guichet_web, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.publish_season(text, text) TO guichet_counter, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.decide(bigint, text, text) TO guichet_counter, guichet_admin;
GRANT EXECUTE ON FUNCTION guichet.enrol(text, text, text, text, text, bytea, text),
    guichet.terminals(), guichet.records(bigint, text, bigint, int),
    guichet.retire(bigint, text)
    TO guichet_admin;

INSERT INTO guichet.schema_version (version) VALUES (1);
