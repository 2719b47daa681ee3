#!/usr/bin/env python3
"""Generates Sources/SupportAPI/Requests/{Area}Requests.swift (hand-written requests live in
files of their own, which it never touches) and SupportClient+{Area}.swift from the
store's public service signatures (one request per service). Run once when a service is
added; the output is committed and reviewed like hand-written code."""
# The output has been edited by hand since (ApplyMacroRequest takes the edited text and the
# seen event): diff before keeping a regenerated file.
import re, sys, collections

SIGS = [l for l in open(sys.argv[1]).read().splitlines() if l.strip()]
OUT = sys.argv[2]
NONTHROWING = {"macros", "playbooks", "setPresence"}
QUIET = set("recordExportStarted authorizeReport findCustomer saveDraft deleteDraft recordConsoleSession recordAuditAccess verifyAuditChain auditRecords revealContact prepareTransactionExport recordExport".split())
SKIP = {"integrityCheck", "resolveActor", "generateDemo", "seedDefaults", "heaviestCustomers",
        "transactionPageSQL", "forEachTransaction"}
AREA = {
 "Tickets": "deliveryStatuses retryDelivery ticket timeline createTicket claim give steal release reply note setStatus setPriority autoCloseSolved escalate tag link links merge slaClocks attachTransaction ticketsLinked applyMacro macros playbooks recordPlaybookStep playbookProgress",
 "Queue": "queuePage queueLastPage queueCount queueCounts bulk",
 "Presence": "setPresence presence saveDraft draft deleteDraft recordConsoleSession",
 "Accounts": "customer findCustomer devices loginEvents tickets customerView revealContact sessions sessionsRevokedAt",
 "Security": "verifyCodeForCustomer freeze requestUnfreeze requestClose forceCredentialReset verifyCode approvals securityAction approve reject securityHistory availableActions revokeSessions unbindDevice requireTwoFactor disputes flagTransaction openDispute openAppeal requestDisputeRefund outboxList drainOutbox",
 "Transactions": "recordExportStarted transactions oldestTransactions transactionTotals prepareTransactionExport recordExport",
 "Reports": "csatReport recordCSAT backlogReport slaReport agentReport volumeReport supervisorDashboard complaintsNearDeadline suggestions",
 "Complaints": "complaint openComplaint addEvidence recordDecision escalateComplaint closeComplaint complaintWorkingDays setComplaintWorkingDays",
 "Investigation": "investigate flagTransactions detectionRules detectionRuleRows setDetectionRule accountTimeline",
 "Admin": "setAgentRole auditReport authorizeReport agent agents addAgent setAgentActive verifyAuditChain auditRecords recordAuditAccess slaPolicies holidays importContacts",
}
area_of = {m: a for a, ms in AREA.items() for m in ms.split()}
WRITES = set("retryDelivery recordExportStarted authorizeReport verifyCodeForCustomer setAgentRole findCustomer autoCloseSolved flagTransactions setDetectionRule createTicket claim give steal release reply note setStatus setPriority autoCloseSolved escalate tag link merge attachTransaction applyMacro recordPlaybookStep bulk setPresence saveDraft deleteDraft recordConsoleSession revealContact freeze requestUnfreeze requestClose forceCredentialReset verifyCode approve reject revokeSessions unbindDevice requireTwoFactor flagTransaction openDispute openAppeal requestDisputeRefund drainOutbox prepareTransactionExport recordExport recordCSAT openComplaint addEvidence recordDecision escalateComplaint closeComplaint setComplaintWorkingDays addAgent setAgentActive recordAuditAccess importContacts verifyAuditChain auditRecords".split())

def split_params(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "([<": depth += 1
        if ch in ")]>": depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip()); cur = ""
        else:
            cur += ch
    if cur.strip(): out.append(cur.strip())
    return out

def cap(s): return s[0].upper() + s[1:]

seen = collections.Counter()
requests = collections.defaultdict(list)
calls = []
for line in SIGS:
    _, name, params, ret = [p.strip() for p in line.split("|")]
    if name in SKIP: continue
    ps = split_params(params)
    fields, call_args, client_params, init_args = [], [], [], []
    uses_ctx_actor = False
    for p in ps:
        decl, _, default = p.partition("=")
        default = default.strip()
        names, _, typ = decl.partition(":")
        typ = typ.strip()
        names = names.split()
        label = names[0]; internal = names[-1]
        field = internal if label in ("_", "for", "in") else label
        if field == "number" and label == "number": field = "number"
        ext = "" if label == "_" else label + ": "
        if typ in ("Agent", "Agent?") and (label in ("by", "agent", "excluding", "for")):
            call_args.append(f"{label}: context.actor"); continue
        if name == "availableActions" and label == "role":
            call_args.append("role: context.actor.role"); continue
        if name == "availableActions" and label == "viewer":
            call_args.append("viewer: context.actor.login"); continue
        if name == "recordAuditAccess" and label == "actor":
            call_args.append("actor: context.actor.login"); continue
        if label == "reusingSLA": continue
        if typ == "QueueSpec":
            fields += ["view: QueueView", "query: Query", "sort: QueueSort"]
            call_args.append("QueueSpec(view: view, query: query, sort: sort, actor: context.actor)")
            client_params.append(f"_ spec: QueueSpec")
            init_args += ["view: spec.view", "query: spec.query", "sort: spec.sort"]
            continue
        fields.append(f"{field}: {typ}")
        call_args.append(f"{ext}{field}")
        lead = "_ " if label == "_" else (label + " " if label in ("for", "in") else "")
        client_params.append(f"{lead}{field}: {typ}" + (f" = {default}" if default else ""))
        init_args.append(f"{field}: {field}")
    seen[name] += 1
    opname = name if seen[name] == 1 else name + "By" + cap(ps[0].split(":")[0].split()[-1])
    rname = cap(opname) + "Request"
    rtype = {"Void": "Empty", "[(day: String, name: String)]": "[Holiday]"}.get(ret, ret)
    tr = "" if name in NONTHROWING else "try "
    body = f"{tr}context.store.{name}({', '.join(call_args)})"
    if name == "setPresence":
        body = ("if let book = context.presence {\n            book.set(login: context.actor.login, ticket: ticketNumber, state: state)\n"
                "        } else {\n            context.store.setPresence(agent: context.actor, ticketNumber: ticketNumber, state: state)\n        }\n        return Empty()")
    elif name == "presence":
        body = ("if let book = context.presence { return book.on(ticket: ticketNumber, excluding: context.actor.login) }\n"
                "        return try context.store.presence(ticketNumber: ticketNumber, excluding: context.actor)")
    elif ret == "Void": body = f"{body}\n        return Empty()"
    elif ret.startswith("[(day"): body = f"try context.store.{name}({', '.join(call_args)}).map {{ Holiday(day: $0.day, name: $0.name) }}"
    else: body = "return " + body if "\n" in body else body
    write = name in WRITES
    flds = [f.split(":")[0] for f in fields]
    changes = []
    if name in QUIET:
        changes.append("ChangeSet()")
    elif write:
        tix = [f for f in flds if f in ("ticket", "ticketNumber", "number")]
        cust = [f for f in flds if f == "customerId"]
        if tix or cust:
            parts = []
            opt = {f.split(":")[0]: f.split(":")[1].strip().endswith("?") for f in fields}
            def arr(names):
                return f"[{', '.join(names)}]" + (".compactMap { $0 }" if any(opt[n] for n in names) else "")
            if tix: parts.append(f"tickets: {arr(tix)}")
            if cust: parts.append(f"customers: {arr(cust)}")
            changes.append(f"ChangeSet({', '.join(parts)})")
    if name in ("customer", "findCustomer"):
        # Contact data leaves the service masked; `revealContact` (reason, audit) unmasks.
        body = body.replace("try context.store.", "try context.store.") + ".maskedContact()"
    if name == "setPresence":
        # Answers whether what others see changed, so a heartbeat is not broadcast.
        rtype = "Bool"
        body = body.replace("book.set(", "return book.set(").replace("        return Empty()", "        return true")
        changes = ["response ? ChangeSet(tickets: ticketNumber.map { [$0] } ?? [], presence: true) : ChangeSet()"]
    field_decls = "\n".join(f"    public var {f}" for f in fields)
    memberwise = ", ".join(fields)
    assigns = "; ".join(f"self.{f.split(':')[0]} = {f.split(':')[0]}" for f in fields)
    text = f"""
/// `SupportStore.{name}` through the seam.
public struct {rname}: SupportRequest {{
    public typealias Response = {rtype}
    public static let operation = "{opname}"
    public static let effect = RequestEffect.{'write' if write else 'read'}
{field_decls}
{"    public init(" + memberwise + ") { " + assigns + " }" if fields else "    public init() {}"}
    public func handle(_ context: RequestContext) throws -> Response {{
        {body}
    }}
{(("    /// Nothing another console shows changed (audit and private records only)." + chr(10) if changes[0] == "ChangeSet()" else "") + "    public func changes(_ response: Response) -> ChangeSet { " + changes[0] + " }" + chr(10)) if changes else ""}}}
"""
    requests[area_of.get(name, "Misc")].append(text)
    sig = ", ".join(client_params)
    discard = "@discardableResult " if write or rtype == "Empty" else ""
    calls.append((area_of.get(name, "Misc"), f"""    {discard}public func {name}({sig}) throws -> {rtype} {{
        try send({rname}({', '.join(init_args)}))
    }}
"""))

for area, texts in requests.items():
    with open(f"{OUT}/Requests/{area}Requests.swift", "w") as f:
        f.write("import Foundation\nimport SupportCore\nimport SupportStore\n\n// Generated by scripts/dev/gen_requests.py from the store's service signatures; edit freely.\n")
        f.write("".join(texts))
for area in sorted({a for a, _ in calls}):
    with open(f"{OUT}/SupportClient+{area}.swift", "w") as f:
        f.write("import Foundation\nimport SupportCore\nimport SupportStore\n\n")
        f.write(f"/// {area}: one method per request, named and shaped like the store's service minus the\n/// actor (the side that runs the request decides who is acting).\nextension SupportClient {{\n")
        f.write("\n".join(text for a, text in calls if a == area))
        f.write("}\n")
print("ok", sum(len(v) for v in requests.values()))
