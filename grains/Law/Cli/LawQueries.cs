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

    /// <summary>The date of <paramref name="window"/> after <paramref name="baseEvent"/> on <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentException">The event does not fit the window, or the country code is malformed.</exception>
    public DeadlineAnswer Deadline(DeadlineWindow window, BaseEvent baseEvent, DateOnly date, string residenceCountry = "BE")
    {
        if (!CountryGroups.IsWellFormed(residenceCountry))
        {
            throw new ArgumentException($"Country '{residenceCountry}' is not a two-letter ISO code.", nameof(residenceCountry));
        }

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
        return Engine.TariffCost(act, claimCents, date);
    }

    /// <summary>Checks an identifier; the kind is guessed when not given.</summary>
    public IdentifierResult CheckId(string value, IdentifierKind? kind = null) => LawEngine.CheckIdentifier(value, kind);

    /// <summary>The competent arrondissement for a postal code in a country.</summary>
    public CompetenceResult Arrondissement(string postalCode, string country = "BE", PersonKind person = PersonKind.Natural) =>
        Engine.Competence(new CompetenceRequest(person, country, postalCode));

    /// <summary>The seizable part of a monthly net income.</summary>
    public SeizableResult Seizable(long incomeCents, int dependentChildren, DateOnly date, IncomeType type = IncomeType.Work) =>
        Engine.Seizable(incomeCents, type, dependentChildren, date);

    /// <summary>The prescription of a claim.</summary>
    public PrescriptionResult Prescription(PrescriptionRequest request) => Engine.Prescription(request);

    private static void RequireService(DeadlineWindow window, BaseEvent baseEvent)
    {
        if (baseEvent != BaseEvent.Service)
        {
            throw new ArgumentException($"The {window} window runs from the service of the contrainte, not from {baseEvent}.", nameof(baseEvent));
        }
    }
}
