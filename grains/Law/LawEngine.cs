namespace P4Orleans.Law;

/// <summary>
/// The law engine: every rule set built once from <see cref="LawOptions"/>, and the typed questions the
/// grains ask. Pure: no clock (callers pass dates) and no I/O but the postal table, read once on first use.
/// Thread-safe once constructed.
/// </summary>
public sealed class LawEngine
{
    private readonly Lazy<PostalTable> postalTable;
    private readonly TimeZoneInfo courtTimeZone;

    /// <summary>Builds the engine; null options mean every default.</summary>
    public LawEngine(LawOptions? options = null)
    {
        Options = options ?? new LawOptions();
        OppositionRules = new([new OppositionWindowFifteenDays(), new OppositionWindowOneMonth(Options.OppositionOneMonthFrom)]);
        FormalNoticeRules = new([new NoFormalNoticeRequired(), new FormalNoticeOneMonth(Options.FormalNoticeRequiredFrom)]);
        CommandToPayRules = new([new CommandToPayAfterNextCalendarDay()]);
        PrescriptionRules = new([new PrescriptionArticle42(Options.Prescription)]);
        TariffRules = new([new TariffLegacy1976(Options.Tariff), new TariffReform2024(Options.Tariff)]);
        SeizableScales = SeizableScale.FromOptions(Options.Seizable);
        Imputation = ImputationRules.Default;
        postalTable = new Lazy<PostalTable>(() => PostalTable.FromOptions(Options));
        courtTimeZone = TimeZoneInfo.FindSystemTimeZoneById(Options.TimeZoneId);
    }

    /// <summary>The options the engine was built with.</summary>
    public LawOptions Options { get; }

    /// <summary>Opposition window versions (15 days, then one month).</summary>
    public RuleSet<OppositionWindowRule> OppositionRules { get; }

    /// <summary>Final formal notice versions (none, then notice plus one month).</summary>
    public RuleSet<FormalNoticeRule> FormalNoticeRules { get; }

    /// <summary>Command-to-pay versions.</summary>
    public RuleSet<CommandToPayRule> CommandToPayRules { get; }

    /// <summary>Prescription versions.</summary>
    public RuleSet<PrescriptionRule> PrescriptionRules { get; }

    /// <summary>Bailiff tariff versions.</summary>
    public RuleSet<TariffVersion> TariffRules { get; }

    /// <summary>Seizable income scales by year.</summary>
    public RuleSet<SeizableScale> SeizableScales { get; }

    /// <summary>Payment imputation versions.</summary>
    public RuleSet<ImputationRule> Imputation { get; }

    /// <summary>The postal table in use (embedded, or the file of <see cref="LawOptions.PostalTablePath"/>).</summary>
    public PostalTable PostalTable => postalTable.Value;

    /// <summary>Any procedural deadline (art. 48-57 Judicial Code).</summary>
    public ComputedDeadline Deadline(DeadlineRequest request) => DeadlineCalculator.Compute(request, Options);

    /// <summary>Last day to oppose a contrainte served on <paramref name="serviceDate"/>, with the version in force on that date.</summary>
    public ComputedDeadline OppositionDeadline(DateOnly serviceDate, CountryGroup residence = CountryGroup.Belgium)
    {
        var rule = OppositionRules.InForceOn(serviceDate);
        return Deadline(new DeadlineRequest(DeadlineSubject.Opposition, BaseEvent.Service, serviceDate, rule.Length, rule.Unit,
            VacationExtensionApplies: true, residence, rule.Id));
    }

    /// <summary>When a contrainte may be issued after a final formal notice sent on <paramref name="noticeDate"/>.</summary>
    public FormalNoticeResult FormalNotice(DateOnly noticeDate, BaseEvent channel = BaseEvent.RegisteredLetter)
    {
        var rule = FormalNoticeRules.InForceOn(noticeDate);
        if (!rule.NoticeRequired)
        {
            var step = new ExplanationStep(StepKind.NoticeNotRequired, "art. 40 L. 27.06.1969", noticeDate);
            var none = new Explanation(DeadlineSubject.FormalNoticeWait, channel, noticeDate, rule.Id, [step], noticeDate);
            return new FormalNoticeResult(false, null, noticeDate, none);
        }

        var wait = Deadline(new DeadlineRequest(DeadlineSubject.FormalNoticeWait, channel, noticeDate, rule.WaitMonths,
            DeadlineUnit.Months, VacationExtensionApplies: false, CountryGroup.Belgium, rule.Id));
        var from = wait.LastDay.AddDays(1);
        return new FormalNoticeResult(true, wait.LastDay, from, wait.Explanation with { Result = from });
    }

    /// <summary>
    /// When a communication counts as received, the first day of any deadline it starts: a registered letter by
    /// art. 53bis (<paramref name="eventDate"/> = presentation, or posting), an eBox message by
    /// <see cref="ReceiptRule"/> (<paramref name="eventDate"/> = made available, <paramref name="readOn"/> = read).
    /// </summary>
    public ReceiptResult Receipt(BaseEvent channel, DateOnly eventDate, DateOnly? readOn = null) =>
        ReceiptRule.Compute(channel, eventDate, readOn, Options.Ebox);

    /// <summary>
    /// The formal-notice wait counted from the notice's receipt (<see cref="Receipt"/>); null while an eBox notice is
    /// neither read nor deemed received. For a registered letter it is <see cref="FormalNotice"/> itself.
    /// </summary>
    public FormalNoticeResult? FormalNoticeAfterReceipt(BaseEvent channel, DateOnly eventDate, DateOnly? readOn = null)
    {
        var rule = FormalNoticeRules.InForceOn(eventDate);
        if (channel != BaseEvent.ElectronicNotice || !rule.NoticeRequired)
        {
            return FormalNotice(eventDate, channel);
        }

        var receipt = Receipt(channel, eventDate, readOn);
        if (receipt.FirstDay is not { } first)
        {
            return null;
        }

        var request = new DeadlineRequest(DeadlineSubject.FormalNoticeWait, channel, eventDate, rule.WaitMonths,
            DeadlineUnit.Months, VacationExtensionApplies: false, CountryGroup.Belgium, rule.Id);
        var wait = DeadlineCalculator.ComputeFrom(request, Options, first, receipt.Explanation.Steps);
        var from = wait.LastDay.AddDays(1);
        return new FormalNoticeResult(true, wait.LastDay, from, wait.Explanation with { Result = from });
    }

    /// <summary>When a contrainte served on <paramref name="serviceDate"/> with a command to pay within 24 hours becomes executable.</summary>
    public CommandToPayResult CommandToPay(DateOnly serviceDate)
    {
        var rule = CommandToPayRules.InForceOn(serviceDate);
        var day = rule.ExecutableOn(serviceDate);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, courtTimeZone), TimeSpan.Zero);
        var step = new ExplanationStep(StepKind.ExecutableAfterNextDay, "art. 40 L. 27.06.1969", day);
        var explanation = new Explanation(DeadlineSubject.CommandToPay, BaseEvent.Service, serviceDate, rule.Id, [step], day);
        return new CommandToPayResult(serviceDate, day, utc, explanation);
    }

    /// <summary>Prescription of a claim, with the version in force on its due date. Never moved by art. 53.</summary>
    public PrescriptionResult Prescription(PrescriptionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PrescriptionCalculator.Compute(request, PrescriptionRules.InForceOn(request.DueDate));
    }

    /// <summary>The competent judicial arrondissement, or why a person must decide.</summary>
    public CompetenceResult Competence(CompetenceRequest request) => CompetenceResolver.Resolve(request, PostalTable);

    /// <summary>The cost of a bailiff act for a claim, with the tariff version in force on the act date.</summary>
    public TariffCost TariffCost(BailiffAct act, long claimCents, DateOnly actDate) =>
        TariffRules.InForceOn(actDate).Cost(act, claimCents, actDate);

    /// <summary>The seizable part of a monthly net income on <paramref name="date"/>.</summary>
    public SeizableResult Seizable(long incomeCents, IncomeType type, int dependentChildren, DateOnly date) =>
        SeizableCalculator.Compute(incomeCents, type, dependentChildren, date, SeizableScales.InForceOn(date));

    /// <summary>Imputes a payment on <paramref name="ledger"/> with the imputation rule in force on <paramref name="date"/>.</summary>
    public Ledger ApplyPayment(Ledger ledger, long cents, DateOnly date, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return ledger.ApplyPayment(cents, date, Imputation.InForceOn(date), reference);
    }

    /// <summary>Checks an identifier; without a kind, the kind is guessed from its shape.</summary>
    public static IdentifierResult CheckIdentifier(string input, IdentifierKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Identifiers.Validate(input, kind ?? Identifiers.GuessKind(input));
    }
}
