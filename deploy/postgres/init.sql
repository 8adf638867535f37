-- The suite's database for docker-compose (mounted into /docker-entrypoint-initdb.d; runs once, on an
-- empty data directory, as the superuser in database o2c). Mirrors scripts/infra.sh: five LOGIN roles,
-- each owning only its schema, with search_path set to it and no rights elsewhere.
-- Passwords come from the environment (psql 15 \getenv), which docker-compose.yml fills from
-- O2C_<SCHEMA>_DB_PASSWORD (no defaults: compose refuses to start without them). The image's initdb uses
-- scram-sha-256, so they are stored as SCRAM verifiers. An unset one stops the script here.
\set ON_ERROR_STOP on
\getenv orders_password O2C_ORDERS_DB_PASSWORD
\getenv credit_password O2C_CREDIT_DB_PASSWORD
\getenv warehouse_password O2C_WAREHOUSE_DB_PASSWORD
\getenv finance_password O2C_FINANCE_DB_PASSWORD
\getenv aftersales_password O2C_AFTERSALES_DB_PASSWORD
\if :{?orders_password}
\else
  do $$ begin raise exception 'O2C_ORDERS_DB_PASSWORD is not set'; end $$;
\endif
\if :{?credit_password}
\else
  do $$ begin raise exception 'O2C_CREDIT_DB_PASSWORD is not set'; end $$;
\endif
\if :{?warehouse_password}
\else
  do $$ begin raise exception 'O2C_WAREHOUSE_DB_PASSWORD is not set'; end $$;
\endif
\if :{?finance_password}
\else
  do $$ begin raise exception 'O2C_FINANCE_DB_PASSWORD is not set'; end $$;
\endif
\if :{?aftersales_password}
\else
  do $$ begin raise exception 'O2C_AFTERSALES_DB_PASSWORD is not set'; end $$;
\endif
set password_encryption = 'scram-sha-256';

revoke all on schema public from public;
revoke all on database o2c from public;

create role o2c_orders login password :'orders_password';
create role o2c_credit login password :'credit_password';
create role o2c_warehouse login password :'warehouse_password';
create role o2c_finance login password :'finance_password';
create role o2c_aftersales login password :'aftersales_password';

grant connect on database o2c to o2c_orders, o2c_credit, o2c_warehouse, o2c_finance, o2c_aftersales;

create schema orders authorization o2c_orders;
create schema credit authorization o2c_credit;
create schema warehouse authorization o2c_warehouse;
create schema finance authorization o2c_finance;
create schema aftersales authorization o2c_aftersales;

alter role o2c_orders in database o2c set search_path = orders;
alter role o2c_credit in database o2c set search_path = credit;
alter role o2c_warehouse in database o2c set search_path = warehouse;
alter role o2c_finance in database o2c set search_path = finance;
alter role o2c_aftersales in database o2c set search_path = aftersales;
