/// Every piece of the console's own text, by id. Each language's table
/// (`Catalogue+English.swift`, `+Indonesian`, `+Chinese`) holds one entry per id, and a
/// test fails when one is missing. Texts take arguments as `{1}`, `{2}`…, so that a
/// translation can put them where its grammar wants them.
enum MessageID: String, CaseIterable, Sendable {
    // Panes, tabs and titles
    case paneQueue, paneAccount, paneTransactions, paneSecurity, paneTicket, paneSupervisor, paneComplaint
    case titleQueue, titleAccount, titleAccountWallet, titleTransactions, titleKeptFilter, titleSecurity
    case titleHelp, titleCommands
    // Queue views (the header bar)
    case viewMine, viewUnassigned, viewTeam, viewBreaching, viewPending, viewUntriaged, viewAll
    // Roles, as the status bar names them
    case roleAgent, roleSupervisor, roleAdmin
    // Column headers
    case colNumber, colPriority, colSLA, colCategory, colChannel, colCustomer, colSubject, colOwner, colUpdated
    case colTime, colType, colStatus, colAmount, colCounterparty, colReference, colReason
    // What an empty pane says
    case emptyQueue, emptyQueueFiltered, emptyTransactions, selectForAccount, selectForTransactions, selectForSecurity
    case securityClosed, securityNoneForRole, securityHistory, transactionTotals, slaPaused
    // Status bar and message line
    case offline, promptFilter, promptTransactionFilter, tooSmall, tooSmallQuit, dialogInput
    case uiLanguageSet, uiLanguageNeeds
    // Footer hints, one key each, most important first
    case hintOpen, hintClaim, hintReply, hintNote, hintFilter, hintView, hintSort, hintCommand, hintHelp, hintQuit
    case hintMacro, hintPlaybook, hintBack, hintForm, hintExport, hintAttach, hintMove
    case hintReveal, hintInvestigate, hintNextPane
    case hintSend, hintEditor, hintClose
    case hintApply, hintCancel, hintComplete, hintHistory, hintRun, hintChoose
    case hintScroll, hintLanguage, hintIntoComposer, hintDone, hintSkip
    case hintChooseTransaction, hintFlagChosen, hintAppeal, hintCompromise, hintRules
    case hintExportGo, hintField, hintCancelExport, hintNextField, hintPreviousField
    case hintApprove, hintReject, hintDrill, hintBox, hintComplaint, hintTimeline
    // Help: the key table's groups
    case contextGlobal, contextList, contextQueue, contextTicket, contextAccount, contextTransactions
    case contextSecurity, contextInvestigation, contextComposer, contextMacroPicker, contextSupervisor
    // Help: what each key does (KeyMap.swift)
    case keyQuit, keyHelp, keyFocusNext, keyFocusPrevious, keyFocusQueue, keyFocusAccount, keyFocusTransactions
    case keyFocusSecurity, keyPalette, keyFilter, keyRefresh, keySupervisor, keyBack
    case keyNextRow, keyPreviousRow, keyPageDown, keyPageUp, keyFirstRow, keyLastRow, keyOpenRow
    case keyNextView, keyOpenNumber, keyNextSort, keyClaim, keyRelease, keyReply, keyNote, keyMacro
    case keyMark, keyMarkRange, keyMarkAll, keyClearMarks, keyBulk
    case keyPlaybook, keyScrollDown, keyScrollUp, keyTimelinePageDown, keyTimelinePageUp, keyTimelineFirst, keyTimelineNewest
    case keyReveal, keyInvestigate, keyExport, keyFilterForm, keyAttach, keyRunAction
    case keyInvestigationNext, keyInvestigationPrevious, keyInvestigationPageDown, keyInvestigationPageUp
    case keyInvestigationCompromise, keyInvestigationChoose, keyInvestigationFlag, keyInvestigationAppeal
    case keyInvestigationRules, keyInvestigationClose
    case keySupervisorNextBox, keySupervisorPreviousBox, keySupervisorNextFigure, keySupervisorPreviousFigure
    case keySupervisorTenDown, keySupervisorTenUp, keySupervisorDrill, keySupervisorApprove, keySupervisorReject
    case keySupervisorPeriod, keySupervisorExport, keySupervisorBack, keyComplaintTab, statusNoComplaint, statusComplaintBeside
    case keySend, keyDiscard, keyEditor, keyMacroInsert, keyMacroLanguage, keyMacroClose
    // Account pane
    case accountRepliesIn, accountContact, accountRevealed, accountBalance, accountKYC, accountOn, accountOff
    case accountDevices, accountDevice, accountAppOutdated, accountLogins, accountTickets, accountRevealHint
    // Timeline and composer
    case timelineCustomer, timelineReply, timelineNote, timelineEvent
    case composerMacro, composerReply, composerNote, composerPending, composerNoChanges
    case composerAttachment, exportAttachLabel, exportAttachOption, exportAttachNone, statusExportAttached
    // Status messages
    case statusClaimed, statusReleased, statusGave, statusNow, statusNoteAdded, statusReloaded, statusQueueView
    case statusCancelled, statusDraftDiscarded, statusNoTicket, statusComplaintOffer, statusComplaintRecorded
    case statusOwnerChanged, statusOwnerReleased, ownerNobody, exportDoneTitle, exportDoneFolder, exportDoneStatus
    // Dialogs: recording a complaint
    case complaintOpenTitle, complaintOpenStatement, complaintOpenDeadline, complaintOpenExpects
    case complaintStatementLabel, complaintExpectsLabel
    // Help: the command palette
    case commandOpen, commandClaim, commandRelease, commandGive, commandStatus, commandPriority, commandCategory
    case commandTag, commandNote, commandReply, commandEscalate, commandMacro, commandPlaybook
    case commandLink, commandMerge, commandComplaintOpen, commandEvidence, commandDecide, commandComplaintEscalate
    case commandView, commandSort, commandFilter, commandTxfilter, commandReveal, commandLanguage
    case commandLang, commandFlag, commandDispute, commandAppeal, commandFreeze, commandApprove
    case commandReject, commandSupervisor, commandTheme, commandRefresh, commandHelp, commandQuit
    // The supervisor screen's boxes and strip, and the palette's prompt
    case boxAttention, boxSLA, boxBacklog, boxAging, boxVolume, boxWorkload, boxCSAT, boxApprovals, boxDeliveries
    case stripBreachedToday, stripWithinHour, stripSelected, stripFailedDeliveries, paletteHint
    // The supervisor screen's box titles (with their figures), column headers and empty boxes
    case supAttention, supAttentionOne, supSLA, supBacklog, supAging, supVolume, supWorkload, supCSAT, supApprovals
    case supDeliveries, supPeriodToday, supPeriodDays, supAttentionEmpty, supApprovalsEmpty, supDeliveriesEmpty
    case supCounting, supNothing, supNoWorkingTime
    case supRowToday, supRowBreachedNow, supRowBreachedNowNote, supRowWithinHour, supRowWithinHourNote
    case supRowTotal, supRowAll, supRowTeam
    case headWhy, headPri, headDue, headOwner, headAll, headFirstReply, headResolution, headCategory, headPriority
    case headPerDay, headToday, headFortnight, headAgent, headOpen, headPending, headSolved, headFirstReplyShort
    case headResolve, headCSAT, headViewing, headAnswers, headAverage, headSatisfied, headAction, headWallet, headBy
    case headAge, headTicket, headVia, headAgo
    // The complaint record beside a complaint ticket
    case complaintTitle, complaintNoRecord, complaintLevel, complaintDue, complaintOutcome, complaintAccepted
    case complaintNotAccepted, complaintClaim, complaintExpects, complaintDecided, complaintRaised
    case complaintNoEvidence, complaintEvidence, complaintEarlier
    // Help: the filter language
    case filterHelpTitle, filterHelpTerms, filterHelpRanges, filterHelpQueue, filterHelpTransactions

    // Status messages, dialogs and forms (Text/*Messages.swift); timeline entries and the security pane (Text/*Timeline.swift)
    case secFreeze, secUnfreeze, secRevoke, secReset, secUnbind, secTwoFactor, secFlag, secDispute
    case secAppeal, secRefund, secClose, secDecide, noteImmediate, noteWaiting, noteSupervisorApproves, noteSignsOut
    case noteCodeLimit, noteCodesLeft, noteNoDevice, noteBound, noteTwoFactorOff, notePick, noteDeadline, noteAppealOpen
    case noteAppealNeeds, noteDisputes, noteBalance, noteOwn, noteAskedBy, msgNoCustomer, msgActionNotApplicable, msgApprovingApplies
    case phWhyApprove, labelReason, msgRecordedOn, msgNoTicketForCustomer, phWhyAudit, effFreeze, effUnfreeze, effClose
    case effReset1, effReset2, effRevoke, effTwoFactor, msgNoBoundDevice, effUnbind, msgPickTransaction, effFlag
    case effDispute, effRefund, effAppeal1, effAppeal2, msgApproved, msgRejected, msgFrozen, msgUnfreezeRequested
    case msgCloseRequested, msgResetQueued, msgSessionsRevoked, msgTwoFactorRequired, msgUnbound, msgFlagged, msgDisputeOpened, msgRefundRequested
    case msgAppealOpened, expFormatKeys, commandNew, needNewCall, newCallLookupTitle, newCallLookupLine, newCallTitle, newCallTopic
    case newCallSubjectLine, newCallSubjectLabel, phNewCallSubject, newCallBodyLine, newCallBodyLabel, phNewCallBody, newCallCreated, filterProblems
    case filterAtColumn, filterMore, dlgFindingNone, dlgFindingFlag, phFindingNone, caseProgress, caseOpenSteps, caseTwoFactorOn
    case caseTwoFactorOff, caseCodeVerified, caseCodeSent, caseNoCode, needCategory, needSubcategory, msgReplyQueuedAttached, ticketUntriaged
    case kindCategoryChange, evRuleMatched, evNoRule, evSurveyQueued, evSatisfaction, evSatisfactionComment, evStatementExported, secHistoryDecided
    case secHistoryLine, msgNothingHere, msgPeriod, msgRequeued, msgNoTicketsBehind, msgRequestNoTicket, msgRetryNotReject, msgApproveWhere
    case msgNoRequestWaiting, dlgApproveTitle, dlgRejectTitle, dlgRequestLine, dlgApproveEffect, dlgRejectEffect, phWhyTicketAudit, msgNoFailedDelivery
    case dlgRetryTitle, dlgRetryLine, dlgRetryOnTicket, dlgNoReason, dlgRetryEffect, supCountingFigures, msgSelectForSupervisors, msgSelectQueueRows
    case msgMarkRange, msgSelectedFirst, msgSelectionCleared, msgSelectFirst, msgNothingSelected, msgSelectedCount, msgOneTicketCommand, dlgBulkOne
    case dlgBulkTwo, msgMoreRefused, dlgBulkTitle, msgBulkChanged, msgNone, msgBulkRefused, dlgBulkDone, supDueIn
    case invTitle, invCompromised, invJump, invNoPoint, invLastOddity, invNothingUnusual, invChosen, invAlreadyFlagged
    case invKeys, invNoActivity, invRulesTitle, invBelowMark, invThresholds, invRulesBox, invFlagTitle, invFlagEach
    case invAppealTitle, invAppealWith, invCompromisedAt, msgSelectToInvestigate, msgNoCompromise, msgCompromiseMarked, msgOnlyTransactions, msgNothingChosen
    case phWhyEach, msgRulesRight, msgTimeFormat, msgFlagSkipped, msgFlaggedMany, macCustomers, macYourChoice, macTitle
    case macNoMatch, ticketMergedInto, ticketEarlierEntries, accountUnknownDevice, txdReference, colTimeLabel, txdType, txdMoneyIn, txdMoneyOut
    case txdStatus, txdAmount, txdCounterparty, txdChannel, txdFailure, txdFlagged, txdFlaggedYes, txdFlaggedNo
    case txdIds, txdIdsValue, txdTickets, txdNoTickets, txdAttachedBy, txdDisputes, txdOpenedBy, txdFooter
    case tffDateFrom, tffDateTo, tffAmountMin, tffAmountMax, tffOther, tffTitle, tffNoFilter, tffFilter
    case tffFooter, msgSortedBy, msgSupervisorOnly, msgBackFromEditor, msgRepliesIn, msgNoTicketSelected, dlgCloseTitle, dlgCloseEffect
    case msgDraftRestored, msgEmptyReply, msgEmptyNote, msgReplyQueued, msgReplyQueuedApplied, msgNoteAddedTo, msgDiscardReply, msgDiscardNote
    case dlgRevealTitle, dlgReveal1, dlgReveal2, phRevealReason, msgRevealed, msgReasonRequired, sortSLA, sortPriority
    case sortAge, sortUpdated, msgFilterNotApplied, msgTxFilterCleared, msgTxMatch, msgTxMatchOne, msgQueueFilterCleared, msgMatchElsewhere, msgNoTicketsMatch
    case msgTicketsMatch, msgNoTxSelected, msgOpenToAttach, msgSelectToFilter, msgFilterUnchanged, msgReconnected, phComplaintStatement, phComplaintExpects
    case msgNoColor, msgTheme, msgThemeUnchanged, msgYoursNow, msgNotInView, msgKeptFilter, msgEscalated, msgDuplicateOf
    case msgLinkedTo, dlgMergeTitle, dlgMergeEffect, dlgCannotUndo, msgMerged, msgNoMacro, msgEvidenceAdded, msgDecisionRecorded
    case msgComplaintEscalated, msgMacroBelowDraft, msgMacroInComposer, msgMacroEdit, msgMacroEditApplies, msgNoPlaybook, msgStepDone, dlgSkipTitle
    case dlgSkipEffect, phWhySkip, msgSkipped, msgEditorFile, msgEditorFailed, palTypeCommand, palNeeds, needTicketNumberExample
    case needLogin, needOneOf, needTags, needReason, needEvidence, needDecision, needLevel, needTicketNumber
    case needMergeTarget, needTheme, needRequest, palUnknown, evClaimed, evClaimedOnReply, evGiven, evGivenWas
    case evGivenBulk, evGivenWasBulk, evStolen, evReleased, evReleasedBulk, evOnEscalation, evMergedFrom, evMergedInto
    case evDuplicateOf, evRelatesTo, evEscalated, evComplaintRecorded, evComplaintEvidence, evComplaintDecision, evComplaintEscalated, evComplaintAccepted
    case evComplaintNotAccepted, evMacro, evMacroBulk, evStepDone, evStepSkipped, evReason, evFroze, evAskedTo
    case evApprovedRequest, evRejectedRequest, evFlagged, evDispute, evAppeal, evSignedOutOne, evSignedOut, evUnboundOne
    case evUnbound, evTwoFactor, evReset, evCodeByCustomer, evCodeByAgent, kindStatusChange, kindPriorityChange, kindAssignment
    case kindTag, kindLink, kindMerge, kindMacro, kindPlaybookStep, kindSecurityAction, kindTransactionAttached, kindApproval
    case kindComplaint, kindCSAT, msgTags, msgCancelled, msgAppealOpenedAt, msgAttached, msgNotUTF8, msgBadEscDelay, phBulk
    case ticketVia, ticketOwner, ticketTags, presenceTyping, presenceViewing, slaFirstResponse, slaResolution, slaStopped
    case slaPausedLong, slaRunning, slaOk, slaWarning, slaBreached, slaMet, slaMissed, loginOK
    case loginFailed, invWhat, invPlace, invDetail, invTimeJakarta, invDevice, invBy, pbTitle
    case pbDoneBy, pbSkippedBy, phSearchMacros, dlgBulkTitleOne, msgSelectedOne, noteDisputesOne, expSelectFirst, expNotAllowed
    case expCancelled, expReasonRequired, expTypeFile, expIsFolder, expExists, expExporting, expCancelling, expDone
    case expDoneOne, expFailed, expCancelledNoFile, expWhy, expTitle, expNoFilter, expFilter, expRows
    case expFormat, expSaveTo, expFooter, expExportingFormat, expCancellingShort, expProgressFooter

    // The keyword rules screen (Text/Catalogue+Rules.swift)
    case titleRules, titleRulesReadOnly, hintRuleNew, hintRuleRemove, hintRuleTryIt, hintRuleFields
    case hintRuleAdd, hintRuleFilterDone, hintRuleFilterClear, hintRuleTry, hintRuleBack, contextRules
    case keyRulesFilter, keyRulesAdd, keyRulesRemove, keyRulesTry, keyRulesClose, commandRules
    case colRuleId, colRuleLanguage, colRuleKeyword, colRuleBy, colRuleAdded, rulesOf, rulesFilterLabel, rulesNone
    case rulesNoMatch, rulesTryLabel, phRuleSample, rulesTryMatch, rulesTryNone, rulesReadOnlyNote, rulesAddTitle
    case rulesKeywordLabel, rulesCategoryLabel, rulesLanguageLabel, rulesRemoveTitle, rulesRemoveLine
    case rulesRemoveEffect, rulesButtonCancel, rulesButtonRemove, msgRulesNeedPermission, msgRulesNoneSelected
    case msgRulesTypeSample, msgRulesKeywordNeeded, msgRuleAdded, msgRuleRemoved
    // Several files on one reply (Text/Catalogue+ReplyFiles.swift)
    case hintAnotherFile, hintDropFile, keyAnotherFile, keyDropFile, msgFilesOnlyOnReply, msgReplyHeld, msgNoFileToDrop
    case msgFileDropped, msgReplyBack, msgFileAdded, msgFileAlreadyOn
    // The supervisor's reports written in the background (Text/Catalogue+ReportsJob.swift)
    case rptTitle, rptProgress, rptWriting, rptCancelling, rptCancelled, rptFailed
    // The keys of modes (Text/Catalogue+ModeKeys.swift)
    case contextHelp, contextDialog, contextFilterPrompt, contextPalette, contextDiscardDraft, contextPlaybook
    case contextExportDialog, contextExporting, contextFilterForm
    case keyCloseTicket, keyMacroNext, keyMacroPrevious, keyModeHelp
    case keyHelpDown, keyHelpUp, keyHelpPageDown, keyHelpPageUp, keyHelpClose, hintHelpClose
    case keyDialogPress, hintDialogPress, keyDialogNext, hintDialogFocus, keyDialogPrevious, keyDialogButtons, keyDialogCancel
    case keyFilterApply, keyFilterCancel, keyFilterComplete, keyFilterHistoryBack, keyFilterHistoryForward
    case keyPaletteRun, keyPaletteComplete, keyPaletteNext, keyPalettePrevious, keyPaletteCancel
    case keyDiscardYes, hintDiscardYes, keyDiscardNo, hintDiscardNo
    case keyPlaybookNext, keyPlaybookPrevious, keyPlaybookDone, keyPlaybookSkip, keyPlaybookInvestigate, keyPlaybookClose
    case keyExportGo, keyNextField, keyPreviousField, keyExportCancel, keyExportingCancel, keyFilterFormApply, keyFilterFormCancel
    case buttonConfirm, buttonCancel, buttonClose, msgInvestigateStolenOnly, contextComplaintRecord, keyComplaintRecordBack
    case keyDiscardHelp
    case contextRulesFilter, contextRulesTry, contextRuleForm, contextFlagReason, contextAppealForm
    case keyRulesFilterDone, keyRulesFilterClear, keyRulesTryRun, keyRulesTryBack, keyRuleFormAdd, keyRuleFormComplete, keyRuleFormCancel
    case keyFlagReasonGo, keyFlagReasonCancel, keyAppealOpen, keyAppealOtherField, keyAppealCancel, hintFlagGo, hintAppealOpen

    /// Titles and hints must fit the smallest screen whole; the 80x24 test reads this.
    var mustFitNarrowScreen: Bool {
        rawValue.hasPrefix("pane") || rawValue.hasPrefix("title") || rawValue.hasPrefix("hint")
    }
}
