import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

/// `paydesk rules list|add|remove`: the keyword rules that categorise mail at intake.
/// Anyone may list them; the store lets only supervisors and admins change them.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Keyword rules that give mail without a category one at intake.",
        discussion: """
            Mail that names no category (no X-Paydesk-Category header, no --category) is matched \
            on its subject and body: case does not matter, Latin keywords match whole words, \
            Chinese keywords match anywhere, and the longest matching keyword wins. Mail no rule \
            matches opens an untriaged ticket (the Untriaged view, `is:untriaged`).
            """,
        subcommands: [List.self, Add.self, Remove.self, Test.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rules, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let rules = try global.client().categoryRules()
            if json { return try Output.json(rules) }
            Output.table(["ID", "LANG", "KEYWORD", "CATEGORY", "BY"], rules.map {
                [String($0.id), $0.language.rawValue, PlainText.inert($0.keyword), "\($0.category.rawValue)/\($0.subcategory)",
                 PlainText.inert($0.createdBy)]
            })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a rule (supervisors and admins).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The keyword or phrase, e.g. \"saldo terpotong\".") var keyword: String
        @Argument(help: "Category: \(Category.allCases.map(\.rawValue).joined(separator: ", ")).") var category: Category
        @Argument(help: "Subcategory (default: the category's first).") var subcategory: String?
        @Option(help: "The keyword's language: en, id or zh.") var lang: ContentLanguage = .en
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let rule = try global.client().addCategoryRule(keyword: keyword, language: lang, category: category,
                                                           subcategory: subcategory?.lowercased())
            if json { return try Output.json(rule) }
            print("Rule #\(rule.id): \"\(PlainText.inert(rule.keyword))\" → \(rule.category.rawValue)/\(rule.subcategory).")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a rule by its id (supervisors and admins).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rule's id, from `paydesk rules list`.") var id: Int64
        func run() throws {
            try global.client().removeCategoryRule(id: id)
            print("Rule #\(id) removed.")
        }
    }
}

extension RulesCommand {
    /// `paydesk rules test`: which rule intake would apply, asked of the store's matcher.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test", abstract: "Show which rule would categorise a sample subject and body.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A sample subject, e.g. \"saldo kepotong tapi gagal\".") var subject: String
        @Option(help: "A sample body.") var body: String = ""
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let rule = try global.client().matchCategoryRule(subject: subject, body: body)
            if json { return try Output.json(rule) }
            guard let rule else { return print("No rule matches: this mail would be untriaged.") }
            print("Rule #\(rule.id) \"\(PlainText.inert(rule.keyword))\" (\(rule.language.rawValue)) → \(rule.category.rawValue)/\(rule.subcategory).")
        }
    }
}

struct TicketCategoryCmd: TicketChange {
    static let configuration = CommandConfiguration(commandName: "category",
                                                    abstract: "Set a ticket's category (this triages an untriaged ticket).")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(help: "Category: \(Category.allCases.map(\.rawValue).joined(separator: ", ")).") var category: Category
    @Argument(help: "Subcategory (default: the category's first).") var subcategory: String?
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.setCategory(ticket: ticket.number, to: category, subcategory: subcategory?.lowercased(),
                                       expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) is now \(t.category.rawValue)/\(t.subcategory)."
    }
}
