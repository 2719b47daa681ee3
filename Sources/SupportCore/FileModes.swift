import Foundation

/// Permissions for the files paydesk creates. They hold customer data, so they are
/// owner-only (0600 files, 0700 folders) unless the team shares one database through a
/// Unix group: `PAYDESK_GROUP_SHARED=1` makes them 0660 and 2770 (setgid, so that the
/// `-wal` and `-shm` files another agent's process creates get the team's group too).
/// Verification-code notices in the outbox stay owner-only either way.
public enum FileModes {
    public static var groupShared: Bool {
        ProcessInfo.processInfo.environment["PAYDESK_GROUP_SHARED"] == "1"
    }

    public static var file: Int { groupShared ? 0o660 : 0o600 }
    public static var folder: Int { groupShared ? 0o2770 : 0o700 }
}
