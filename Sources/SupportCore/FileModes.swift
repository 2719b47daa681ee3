/// Permissions for the files paydesk creates. They hold customer data, so they are
/// owner-only (0600 files, 0700 folders) unless the team shares one database through a
/// Unix group: then they are 0660 and 2770 (setgid, so that the `-wal` and `-shm` files
/// another agent's process creates get the team's group too). Verification-code notices
/// in the outbox stay owner-only either way.
///
/// A value, so the domain stays free of the environment: the store and the exporters are
/// handed one, read from the process's settings at their edge (`PAYDESK_GROUP_SHARED=1`).
public struct FileModes: Sendable, Equatable {
    public var groupShared: Bool

    public init(groupShared: Bool = false) { self.groupShared = groupShared }

    /// From settings the caller read: `PAYDESK_GROUP_SHARED=1` shares with the group.
    public init(environment: [String: String]) { groupShared = environment["PAYDESK_GROUP_SHARED"] == "1" }

    public var file: Int { groupShared ? 0o660 : 0o600 }
    public var folder: Int { groupShared ? 0o2770 : 0o700 }
}
