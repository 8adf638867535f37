import O2CPostgres
import O2CRuntime

/// The after-sales schema (DOMAIN.md "After-sales and returns"): service requests and complaints,
/// and every step taken on them with who, in which role, and when (contacts with their notes).
enum AfterSalesMigrations {
    /// Every migration of the service, in version order.
    static let all: [Migration] = serviceRequests + returns + forms

    /// Issue 14, printable forms: the company name at the head of the return form, changeable as rules are
    /// (`AfterSalesSettings`).
    static let forms: [Migration] = [
        Migration(version: 220, name: "settings and their history", sql: RuleSettingsStore<AfterSalesSettings>.migrationSQL)
    ]

    static let serviceRequests: [Migration] = [
        Migration(
            version: 100, name: "service requests and their history",
            sql: """
                create table service_requests (
                    id text primary key,
                    order_id text not null,
                    customer_id text not null,
                    sku text,
                    description text not null,
                    complaint_class text not null check (complaint_class in ('quality', 'non_quality')),
                    status text not null
                        check (status in ('opened', 'confirmed', 'assigned', 'in_progress', 'resolved', 'closed')),
                    technician text,
                    work_done text,
                    result text,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null,
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create index service_requests_quality on service_requests (sku) where complaint_class = 'quality';
                create index service_requests_order on service_requests (order_id);
                create table service_request_history (
                    id bigserial primary key,
                    request_id text not null references service_requests (id),
                    action text not null,
                    from_status text,
                    to_status text not null,
                    note text,
                    changed_by text not null,
                    changed_role text not null,
                    changed_at timestamptz not null
                );
                create index service_request_history_request on service_request_history (request_id, id);
                """)
    ]
}
