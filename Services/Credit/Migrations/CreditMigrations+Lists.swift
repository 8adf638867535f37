import O2CPostgres

extension CreditMigrations {
    /// Issue 14, the department's daily work (CONTRACT.md "The department's daily work"): the list of credit
    /// profiles, newest first in keyset pages on when each was set up.
    static let lists: [Migration] = [
        Migration(
            version: 200, name: "credit profile list",
            sql: """
                alter table credit_profiles add column created_at timestamptz;
                update credit_profiles p set created_at = coalesce(
                    (select min(changed_at) from credit_profile_history h where h.customer_id = p.customer_id), p.updated_at);
                alter table credit_profiles alter column created_at set not null;
                create index credit_profiles_list on credit_profiles (created_at, customer_id);
                create index credit_profiles_grade on credit_profiles (grade, created_at, customer_id);
                """)
    ]
}
