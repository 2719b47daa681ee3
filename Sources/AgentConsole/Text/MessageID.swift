/// Every piece of the console's own text, by id. Each language's table
/// (`Catalogue+English.swift`, `+Indonesian`, `+Chinese`) holds one entry per id, and a
/// test fails when one is missing. Texts take arguments as `{1}`, `{2}`…, so that a
/// translation can put them where its grammar wants them.
enum MessageID: String, CaseIterable, Sendable {
    // Panes, tabs and titles
    case paneQueue, paneAccount, paneTransactions, paneSecurity, paneTicket, paneSupervisor, paneComplaint
    case titleQueue, titleAccount, titleAccountWallet, titleTransactions, titleKeptFilter, titleSecurity
    case titleHelp, titleCommands, titleConfirm
    // Queue views (the header bar)
    case viewMine, viewUnassigned, viewTeam, viewBreaching, viewPending, viewAll
    // Roles, as the status bar names them
    case roleAgent, roleSupervisor, roleAdmin
    // Column headers
    case colNumber, colPriority, colSLA, colCategory, colChannel, colCustomer, colSubject, colOwner, colUpdated
    case colTime, colType, colStatus, colAmount, colCounterparty, colReference, colReason
    // What an empty pane says
    case emptyQueue, emptyQueueFiltered, emptyTransactions, selectForAccount, selectForTransactions, selectForSecurity
    case securityClosed, securityNoneForRole, securityHistory, transactionTotals, slaPaused
    // Status bar and message line
    case offline, promptFilter, promptTransactionFilter, tooSmall, tooSmallQuit, dialogFooter, dialogInput, dialogFooterClose, hintCloseList
    case uiLanguageSet, uiLanguageNeeds
    // Footer hints, one key each, most important first
    case hintOpen, hintClaim, hintReply, hintNote, hintFilter, hintView, hintSort, hintCommand, hintHelp, hintQuit
    case hintMacro, hintPlaybook, hintBack, hintDetails, hintForm, hintExport, hintAttach, hintMove
    case hintReveal, hintInvestigate, hintNextPane
    case hintSend, hintSendApply, hintEditor, hintClose, hintArrows, hintPaste
    case hintApply, hintCancel, hintComplete, hintHistory, hintRun, hintChoose, hintConfirm
    case hintScroll, hintAnyKey, hintSearch, hintLanguage, hintIntoComposer, hintDone, hintSkip
    case hintChooseTransaction, hintFlagChosen, hintAppeal, hintCompromise, hintRules
    case hintExportGo, hintField, hintFormat, hintCancelExport, hintNextField, hintPreviousField, hintClearField
    case hintApprove, hintReject, hintKeys, hintDrill, hintBox, hintComplaint, hintTimeline
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
    // Status messages
    case statusClaimed, statusReleased, statusGave, statusNow, statusNoteAdded, statusReloaded, statusQueueView
    case statusCancelled, statusDraftDiscarded, statusNoTicket, statusComplaintOffer, statusComplaintRecorded
    case statusOwnerChanged, statusOwnerReleased, ownerNobody, exportDoneTitle, exportDoneFolder, exportDoneStatus
    // Dialogs: recording a complaint
    case complaintOpenTitle, complaintOpenStatement, complaintOpenDeadline, complaintOpenExpects
    case complaintStatementLabel, complaintExpectsLabel
    // Help: the command palette
    case commandOpen, commandClaim, commandRelease, commandGive, commandStatus, commandPriority
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
    case supLoading, supNothing, supNoWorkingTime
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

    // Status messages, dialogs, forms and the security pane (Text/*Messages.swift)
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
    case caseTwoFactorOff, caseCodeVerified, caseCodeSent, caseNoCode, secHistoryDecided, secHistoryLine, msgNothingHere, msgPeriod
    case msgRequeued, msgNoTicketsBehind, msgRequestNoTicket, msgRetryNotReject, msgApproveWhere, msgNoRequestWaiting, dlgApproveTitle, dlgRejectTitle
    case dlgRequestLine, dlgApproveEffect, dlgRejectEffect, phWhyTicketAudit, msgNoFailedDelivery, dlgRetryTitle, dlgRetryLine, dlgRetryOnTicket
    case dlgNoReason, dlgRetryEffect, supLoadingFigures, msgSelectForSupervisors, msgSelectQueueRows, msgMarkRange, msgSelectedFirst, msgSelectionCleared
    case msgSelectFirst, msgNothingSelected, msgSelectedCount, msgOneTicketCommand, dlgBulkOne, dlgBulkTwo, msgMoreRefused, dlgBulkTitle
    case msgBulkChanged, msgNone, msgBulkRefused, dlgBulkDone, supDueIn, invTitle, invCompromised, invJump
    case invNoPoint, invLastOddity, invNothingUnusual, invChosen, invAlreadyFlagged, invKeys, invNoActivity, invRulesTitle
    case invBelowMark, invThresholds, invRulesBox, invFlagTitle, invFlagEach, invAppealTitle, invAppealWith, invCompromisedAt
    case msgSelectToInvestigate, msgNoCompromise, msgCompromiseMarked, msgOnlyTransactions, msgNothingChosen, phWhyEach, msgRulesRight, msgTimeFormat
    case msgFlagSkipped, msgFlaggedMany, macCustomers, macYourChoice, macTitle, macNoMatch, ticketMergedInto, accountUnknownDevice
    case txdReference, colTimeLabel, txdType, txdMoneyIn, txdMoneyOut, txdStatus, txdAmount, txdCounterparty
    case txdChannel, txdFailure, txdFlagged, txdFlaggedYes, txdFlaggedNo, txdIds, txdIdsValue, txdTickets
    case txdNoTickets, txdAttachedBy, txdDisputes, txdOpenedBy, txdFooter, tffDateFrom, tffDateTo, tffAmountMin
    case tffAmountMax, tffOther, tffTitle, tffNoFilter, tffFilter, tffFooter, msgSortedBy, msgSupervisorOnly
    case msgBackFromEditor, msgRepliesIn, msgNoTicketSelected, dlgCloseTitle, dlgCloseEffect, msgDraftRestored, msgEmptyReply, msgEmptyNote
    case msgReplyQueued, msgReplyQueuedApplied, msgNoteAddedTo, msgDiscardReply, msgDiscardNote, dlgRevealTitle, dlgReveal1, dlgReveal2
    case phRevealReason, msgRevealed, msgReasonRequired, sortSLA, sortPriority, sortAge, sortUpdated, msgFilterNotApplied
    case msgTxFilterCleared, msgTxMatch, msgQueueFilterCleared, msgMatchElsewhere, msgNoTicketsMatch, msgTicketsMatch, msgNoTxSelected, msgOpenToAttach
    case msgSelectToFilter, msgFilterUnchanged, msgReconnected, phComplaintStatement, phComplaintExpects, msgNoColor, msgTheme, msgThemeUnchanged
    case msgYoursNow, msgNotInView, msgKeptFilter, msgEscalated, msgDuplicateOf, msgLinkedTo, dlgMergeTitle, dlgMergeEffect
    case dlgCannotUndo, msgMerged, msgNoMacro, msgEvidenceAdded, msgDecisionRecorded, msgComplaintEscalated, msgMacroBelowDraft, msgMacroInComposer
    case msgMacroEdit, msgMacroEditApplies, msgNoPlaybook, msgStepDone, dlgSkipTitle, dlgSkipEffect, phWhySkip, msgSkipped
    case msgEditorFile, msgEditorFailed, palTypeCommand, palNeeds, needTicketNumberExample, needLogin, needOneOf, needTags
    case needReason, needEvidence, needDecision, needLevel, needTicketNumber, needMergeTarget, needTheme, needRequest
    case palUnknown, evClaimed, evClaimedOnReply, evGiven, evGivenWas, evGivenBulk, evGivenWasBulk, evStolen
    case evReleased, evReleasedBulk, evOnEscalation, evMergedFrom, evMergedInto, evDuplicateOf, evRelatesTo, evEscalated
    case evComplaintRecorded, evComplaintEvidence, evComplaintDecision, evComplaintEscalated, evComplaintAccepted, evComplaintNotAccepted, evMacro, evMacroBulk
    case evStepDone, evStepSkipped, evReason, evFroze, evAskedTo, evApprovedRequest, evRejectedRequest, evFlagged
    case evDispute, evAppeal, evSignedOutOne, evSignedOut, evUnboundOne, evUnbound, evTwoFactor, evReset
    case evCodeByCustomer, evCodeByAgent, kindStatusChange, kindPriorityChange, kindAssignment, kindTag, kindLink, kindMerge
    case kindMacro, kindPlaybookStep, kindSecurityAction, kindTransactionAttached, kindApproval, kindComplaint, kindCSAT, msgTags
    case msgCancelled, msgAppealOpenedAt, msgAttached, msgNotUTF8, phBulk, ticketVia, ticketOwner, ticketTags
    case presenceTyping, presenceViewing, slaFirstResponse, slaResolution, slaStopped, slaPausedLong, slaRunning, slaOk
    case slaWarning, slaBreached, slaMet, slaMissed, loginOK, loginFailed, invWhat, invPlace
    case invDetail, invTimeJakarta, invDevice, invBy, pbTitle, pbDoneBy, pbSkippedBy, phSearchMacros
    case dlgBulkTitleOne, msgSelectedOne, noteDisputesOne, expSelectFirst, expNotAllowed, expCancelled, expReasonRequired, expTypeFile
    case expIsFolder, expExists, expExporting, expCancelling, expDone, expDoneOne, expFailed, expCancelledNoFile
    case expWhy, expTitle, expNoFilter, expFilter, expRows, expFormat, expSaveTo, expFooter
    case expExportingFormat, expCancellingShort, expProgressFooter

    /// Titles and hints must fit the smallest screen whole; the 80x24 test reads this.
    var mustFitNarrowScreen: Bool {
        rawValue.hasPrefix("pane") || rawValue.hasPrefix("title") || rawValue.hasPrefix("hint")
    }
}
