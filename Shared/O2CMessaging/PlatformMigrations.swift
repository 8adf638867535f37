import O2CPostgres

/// The tables the platform keeps in every service's schema. Versions 1–99 are the platform's;
/// a service numbers its own migrations from 100.
package enum PlatformMigrations {
    package static let all: [Migration] = [
        Migration(
            version: 1, name: "outbox and inbox",
            sql: """
                create table outbox (
                    id bigserial primary key,
                    message_id text not null unique,
                    exchange text not null,
                    routing_key text not null,
                    correlation_id text not null,
                    causation_id text,
                    headers jsonb not null default '{}',
                    body text not null,
                    created_at timestamptz not null default now(),
                    sent_at timestamptz,
                    attempts int not null default 0,
                    next_attempt_at timestamptz,
                    last_error text
                );
                create index outbox_unsent on outbox (id) where sent_at is null;
                create index outbox_sent on outbox (sent_at) where sent_at is not null;

                -- Wakes the relay as soon as a transaction that wrote outbox rows commits.
                create function outbox_notify() returns trigger language plpgsql as $$
                begin
                    perform pg_notify(tg_table_schema || '_outbox', '');
                    return null;
                end $$;
                create trigger outbox_notify after insert on outbox
                    for each statement execute function outbox_notify();

                create table inbox (
                    message_id text primary key,
                    routing_key text not null,
                    received_at timestamptz not null default now()
                );
                create index inbox_received on inbox (received_at);
                """),
        Migration(
            version: 2, name: "sagas",
            sql: """
                create table sagas (
                    id text not null,
                    type text not null,
                    state_name text not null,
                    finished boolean not null default false,
                    awaiting text[] not null default '{}',
                    next_deadline timestamptz,
                    overdue_since timestamptz,
                    version int not null,
                    instance jsonb not null,
                    steps jsonb not null default '[]',
                    created_at timestamptz not null,
                    updated_at timestamptz not null,
                    primary key (type, id)
                );
                create index sagas_next_deadline on sagas (type, next_deadline) where not finished and next_deadline is not null;
                create index sagas_overdue on sagas (overdue_since) where not finished and overdue_since is not null;

                create table saga_transitions (
                    saga_type text not null,
                    saga_id text not null,
                    seq int not null,
                    trigger text not null,
                    from_state text not null,
                    to_state text not null,
                    actor text,
                    role text,
                    at timestamptz not null,
                    primary key (saga_type, saga_id, seq)
                );
                """),
        Migration(
            version: 3, name: "idempotency keys",
            sql: """
                create table idempotency_keys (
                    subject text not null,
                    key text not null,
                    method text not null,
                    path text not null,
                    request_hash text not null,
                    status int,
                    content_type text,
                    body text,
                    created_at timestamptz not null default now(),
                    primary key (subject, key)
                );
                create index idempotency_keys_created on idempotency_keys (created_at);
                """),
        // Keys are scoped to caller, method and path (CONTRACT.md), and claimed in the request's own
        // transaction: a claim without a response can no longer be committed, so old ones are dropped.
        Migration(
            version: 4, name: "idempotency keys scoped to method and path",
            sql: """
                delete from idempotency_keys where status is null;
                alter table idempotency_keys drop constraint idempotency_keys_pkey;
                alter table idempotency_keys add primary key (subject, method, path, key);
                """),
    ]
}
