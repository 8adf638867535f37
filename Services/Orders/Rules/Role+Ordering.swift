import O2CContracts

extension Sequence where Element == Role {
    /// The roles deduplicated, in `Role.allCases` order (sales_manager before general_manager), so
    /// that the same set always reads the same in a response.
    var inRoleOrder: [Role] {
        let present = Set(self)
        return Role.allCases.filter(present.contains)
    }
}
