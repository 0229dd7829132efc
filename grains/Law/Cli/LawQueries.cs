namespace P4Orleans.Law;

/// <summary>Which procedural date a deadline query asks for.</summary>
public enum DeadlineWindow
{
    /// <summary>Last day to oppose a served contrainte.</summary>
    Opposition,

    /// <summary>When a served contrainte with command to pay becomes executable.</summary>
    Command,

    /// <summary>When a contrainte may be issued after the final formal notice.</summary>
    Notice,
}

/// <summary>Answer to a deadline query, the same shape for every window.</summary>
/// <param name="Window">The window asked.</param>
/// <param name="Event">The base event.</param>
/// <param name="EventDate">Its date.</param>
/// <param name="ResidenceCountry">Country of the debtor's domicile or seat (ISO alpha-2).</param>
/// <param name="ResidenceGroup">Its art. 55 group.</param>
/// <param name="DateMeaning"><c>lastDay</c>, <c>executableFrom</c> or <c>contrainteMayBeIssuedFrom</c>.</param>
/// <param name="Date">The computed date.</param>
/// <param name="InstantUtc">For <c>executableFrom</c>: 00:00 Brussels time of <paramref name="Date"/> as UTC.</param>
/// <param name="Explanation">Why, with the French and Dutch sentences.</param>
public sealed record DeadlineAnswer(
    DeadlineWindow Window,
    BaseEvent Event,
    DateOnly EventDate,
    string ResidenceCountry,
    CountryGroup ResidenceGroup,
    string DateMeaning,
    DateOnly Date,
    DateTimeOffset? InstantUtc,
    Explanation Explanation);

/// <summary>
/// The engine's questions in plain terms, for the command line and the HTTP gateway: both call these
/// methods and map the records, so no rule is duplicated outside the engine.
/// </summary>
public sealed class LawQueries
{
    /// <summary>Queries over an engine built from <paramref name="options"/> (defaults when null).</summary>
    public LawQueries(LawOptions? options = null)
        : this(new LawEngine(options))
    {
    }

    /// <summary>Queries over an existing engine.</summary>
    public LawQueries(LawEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    /// <summary>The engine answering.</summary>
    public LawEngine Engine { get; }

    /// <summary>The earliest date a question may name: the engine holds no rule version of interest before it.</summary>
    public static DateOnly EarliestDate { get; } = new(1990, 1, 1);

    /// <summary>The latest date a question may name (calendar arithmetic near year 9999 would overflow long before).</summary>
    public static DateOnly LatestDate { get; } = new(2099, 12, 31);

    /// <summary>The most income a seizable-income question may name (EUR 10,000,000.00 a month).</summary>
    public const long MaxIncomeCents = 1_000_000_000;

    /// <summary>The most dependent children a seizable-income question may name.</summary>
    public const int MaxChildren = 30;

    /// <summary>The largest claim a tariff question may name (EUR 1,000,000,000.00).</summary>
    public const long MaxClaimCents = Money.MaxAmountCents;

    /// <summary>The date of <paramref name="window"/> after <paramref name="baseEvent"/> on <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentException">The event does not fit the window, or the country code is malformed.</exception>
    public DeadlineAnswer Deadline(DeadlineWindow window, BaseEvent baseEvent, DateOnly date, string residenceCountry = "BE")
    {
        if (!IsoCountries.IsAssigned(residenceCountry))
        {
            throw new ArgumentException($"Country '{residenceCountry}' is not an assigned two-letter ISO 3166-1 code.", nameof(residenceCountry));
        }

        RequireKnown(window, nameof(window));
        RequireKnown(baseEvent, "event");
        RequireInRange(date, nameof(date));

        var country = residenceCountry.ToUpperInvariant();
        var group = CountryGroups.Classify(country);
        switch (window)
        {
            case DeadlineWindow.Opposition:
                RequireService(window, baseEvent);
                var opposition = Engine.OppositionDeadline(date, group);
                return new(window, baseEvent, date, country, group, "lastDay", opposition.LastDay, null, opposition.Explanation);
            case DeadlineWindow.Command:
                RequireService(window, baseEvent);
                var command = Engine.CommandToPay(date);
                return new(window, baseEvent, date, country, group, "executableFrom", command.ExecutableOn, command.ExecutableFromUtc, command.Explanation);
            default:
                if (baseEvent is BaseEvent.Service or BaseEvent.DueDate)
                {
                    throw new ArgumentException("A final formal notice is sent by registered letter or eBox, not served.", nameof(baseEvent));
                }

                var notice = Engine.FormalNotice(date, baseEvent);
                return new(window, baseEvent, date, country, group, "contrainteMayBeIssuedFrom", notice.ContrainteMayBeIssuedFrom, null, notice.Explanation);
        }
    }

    /// <summary>The cost of a bailiff act for a claim on a date.</summary>
    public TariffCost Tariff(BailiffAct act, long claimCents, DateOnly date)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(claimCents);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(claimCents, MaxClaimCents);
        RequireKnown(act, nameof(act));
        RequireInRange(date, nameof(date));
        return Engine.TariffCost(act, claimCents, date);
    }

    /// <summary>Checks an identifier; the kind is guessed when not given.</summary>
    public IdentifierResult CheckId(string value, IdentifierKind? kind = null) => LawEngine.CheckIdentifier(value, kind);

    /// <summary>The competent arrondissement for a postal code in a country.</summary>
    public CompetenceResult Arrondissement(string postalCode, string country = "BE", PersonKind person = PersonKind.Natural)
    {
        if (!IsoCountries.IsAssigned(country))
        {
            throw new ArgumentException($"Country '{country}' is not an assigned two-letter ISO 3166-1 code.", nameof(country));
        }

        RequireKnown(person, nameof(person));
        return Engine.Competence(new CompetenceRequest(person, country, postalCode));
    }

    /// <summary>The seizable part of a monthly net income.</summary>
    public SeizableResult Seizable(long incomeCents, int dependentChildren, DateOnly date, IncomeType type = IncomeType.Work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(incomeCents);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(incomeCents, MaxIncomeCents);
        ArgumentOutOfRangeException.ThrowIfNegative(dependentChildren);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dependentChildren, MaxChildren);
        RequireKnown(type, nameof(type));
        RequireInRange(date, nameof(date));
        var earliest = Engine.SeizableScales.Versions[0].ValidFrom;
        if (date < earliest)
        {
            throw new ArgumentOutOfRangeException(nameof(date), $"The seizable scales start on {earliest:yyyy-MM-dd}; {date:yyyy-MM-dd} is before.");
        }

        return Engine.Seizable(incomeCents, type, dependentChildren, date);
    }

    /// <summary>The prescription of a claim.</summary>
    public PrescriptionResult Prescription(PrescriptionRequest request) => Engine.Prescription(request);

    /// <summary>Refuses a date outside <see cref="EarliestDate"/>..<see cref="LatestDate"/> (the engine's own errors there are not the caller's business).</summary>
    private static void RequireInRange(DateOnly date, string name)
    {
        if (date < EarliestDate || date > LatestDate)
        {
            throw new ArgumentOutOfRangeException(name, $"{date:yyyy-MM-dd} is outside {EarliestDate:yyyy-MM-dd}..{LatestDate:yyyy-MM-dd}.");
        }
    }

    private static void RequireKnown<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, $"{value} is not a known {typeof(TEnum).Name}.");
        }
    }

    private static void RequireService(DeadlineWindow window, BaseEvent baseEvent)
    {
        if (baseEvent != BaseEvent.Service)
        {
            throw new ArgumentException($"The {window} window runs from the service of the contrainte, not from {baseEvent}.", nameof(baseEvent));
        }
    }
}
