import Foundation
import SupportCore

// libFuzzer target: the intake readers (Sources/SupportStore/Intake/*) on untrusted channel
// exports. Every input goes through the JSON-lines, CSV and .eml readers; a bad record must
// become a rejection with a reason, never a crash, and an accepted contact must respect
// the limits. Built by Fuzz/build.sh against SupportCore.

private let fields = ContactFields(file: "fuzz", line: nil, defaults: IntakeDefaults(category: .payment),
                                   dates: IntakeDateParser(), now: Date(timeIntervalSince1970: 1_795_575_600))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntake(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    var contacts = IntakeReader.jsonLines(bytes, fields: fields).contacts
    contacts += IntakeReader.csv(bytes, fields: fields).contacts
    if case .success(let contact) = EmailReader.contact(bytes, fields: fields) { contacts.append(contact) }
    for c in contacts {
        if c.body.isEmpty || c.body.utf8.count > IntakeLimits.bodyBytes || c.body.contains("\u{0}") {
            fatalError("accepted a body that breaks the limits: \(c.body.utf8.count) bytes")
        }
        if c.sourceId.isEmpty || c.subject.isEmpty { fatalError("accepted a contact without id or subject") }
    }
    return 0
}
