namespace P4Orleans.Law;

/// <summary>The command handlers.</summary>
public static partial class LawCli
{
    private static readonly Dictionary<string, BaseEvent> Events = new(StringComparer.OrdinalIgnoreCase)
    {
        ["service"] = BaseEvent.Service,
        ["registered"] = BaseEvent.RegisteredLetter,
        ["registered-ack"] = BaseEvent.RegisteredLetterWithAcknowledgement,
        ["ebox"] = BaseEvent.ElectronicNotice,
    };

    private static readonly Dictionary<string, DeadlineWindow> Windows = new(StringComparer.OrdinalIgnoreCase)
    {
        ["opposition"] = DeadlineWindow.Opposition,
        ["command"] = DeadlineWindow.Command,
        ["notice"] = DeadlineWindow.Notice,
    };

    private static readonly Dictionary<string, BailiffAct> Acts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["service"] = BailiffAct.ServiceOfContrainte,
        ["seizure-movables"] = BailiffAct.SeizureOfMovables,
        ["garnishment"] = BailiffAct.Garnishment,
        ["real-estate-seizure"] = BailiffAct.RealEstateSeizure,
        ["report"] = BailiffAct.Report,
        ["file-fee"] = BailiffAct.FileFee,
    };

    private static readonly Dictionary<string, IdentifierKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["niss"] = IdentifierKind.Niss,
        ["kbo"] = IdentifierKind.Kbo,
        ["iban"] = IdentifierKind.Iban,
    };

    private static readonly Dictionary<string, PersonKind> Persons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["natural"] = PersonKind.Natural,
        ["legal"] = PersonKind.Legal,
    };

    private static readonly Dictionary<string, IncomeType> IncomeTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["work"] = IncomeType.Work,
        ["replacement"] = IncomeType.Replacement,
    };

    private static readonly Dictionary<string, InterruptionKind> InterruptionKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["summons"] = InterruptionKind.Summons,
        ["command-to-pay"] = InterruptionKind.CommandToPay,
        ["seizure"] = InterruptionKind.Seizure,
        ["registered-letter"] = InterruptionKind.RegisteredLetter,
    };

    private static int Deadline(string[] args, TextWriter stdout, LawQueries queries)
    {
        var parsed = Parse(args, ["event", "date", "residence", "window"]);
        NoPositional(parsed);
        var window = CliArguments.ParseChoice("window", parsed.Optional("window") ?? "opposition", Windows);
        var defaultEvent = window == DeadlineWindow.Notice ? "registered" : "service";
        var baseEvent = CliArguments.ParseChoice("event", parsed.Optional("event") ?? defaultEvent, Events);
        if ((window == DeadlineWindow.Notice) == (baseEvent == BaseEvent.Service))
        {
            throw new UsageException(window == DeadlineWindow.Notice
                ? "--window notice needs --event registered, registered-ack or ebox."
                : $"--window {window.ToString().ToLowerInvariant()} runs from --event service.");
        }

        var date = CliArguments.ParseDate("date", parsed.Required("date"));
        var answer = queries.Deadline(window, baseEvent, date, parsed.Optional("residence") ?? "BE");
        if (parsed.Flag("json"))
        {
            WriteJson(stdout, answer);
            return Success;
        }

        var instant = answer.InstantUtc is { } utc ? $", instant {utc.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z" : string.Empty;
        stdout.WriteLine($"Date: {answer.Date:yyyy-MM-dd} ({answer.DateMeaning}{instant})");
        stdout.WriteLine($"FR: {answer.Explanation.French}");
        stdout.WriteLine($"NL: {answer.Explanation.Dutch}");
        return Success;
    }

    private static int Tariff(string[] args, TextWriter stdout, LawQueries queries)
    {
        var parsed = Parse(args, ["act", "claim", "date"]);
        NoPositional(parsed);
        var act = CliArguments.ParseChoice("act", parsed.Required("act"), Acts);
        var claim = CliArguments.ParseEuros("claim", parsed.Required("claim"));
        var date = CliArguments.ParseDate("date", parsed.Required("date"));
        var cost = queries.Tariff(act, claim, date);
        if (parsed.Flag("json"))
        {
            WriteJson(stdout, cost);
            return Success;
        }

        stdout.WriteLine($"Tariff: {cost.TariffVersionId}, class {cost.ClaimClass}");
        stdout.WriteLine($"Excl. VAT: {Money.Invariant(cost.ExclVatCents)} EUR, VAT: {Money.Invariant(cost.VatCents)} EUR, total: {Money.Invariant(cost.TotalCents)} EUR");
        stdout.WriteLine($"FR: {cost.French}");
        stdout.WriteLine($"NL: {cost.Dutch}");
        return Success;
    }

    private static int CheckId(string[] args, TextWriter stdout, LawQueries queries)
    {
        var parsed = Parse(args, ["kind"]);
        if (parsed.Positional.Count != 1)
        {
            throw new UsageException("check-id takes exactly one value (quote it if it contains spaces).");
        }

        var kindText = parsed.Optional("kind");
        IdentifierKind? kind = kindText is null ? null : CliArguments.ParseChoice("kind", kindText, Kinds);
        var result = queries.CheckId(parsed.Positional[0], kind);
        if (parsed.Flag("json"))
        {
            WriteJson(stdout, result);
        }
        else if (result.IsValid)
        {
            var person = result.Person is { } p
                ? $" (born {p.BirthYear}-{p.BirthMonth?.ToString("00", System.Globalization.CultureInfo.InvariantCulture) ?? "??"}-{p.BirthDay?.ToString("00", System.Globalization.CultureInfo.InvariantCulture) ?? "??"}, sex {p.Sex.ToString().ToLowerInvariant()}{(p.IsBis ? ", BIS number" : string.Empty)})"
                : string.Empty;
            stdout.WriteLine($"Valid {result.Kind.ToString().ToUpperInvariant()}: {result.Formatted}{person}");
        }
        else
        {
            stdout.WriteLine($"Invalid {result.Kind.ToString().ToUpperInvariant()}: check '{result.FailedCheck}' failed: {result.Error}");
        }

        return result.IsValid ? Success : InvalidInput;
    }

    private static int Arrondissement(string[] args, TextWriter stdout, LawQueries queries)
    {
        var parsed = Parse(args, ["postal", "country", "person"]);
        NoPositional(parsed);
        var person = CliArguments.ParseChoice("person", parsed.Optional("person") ?? "natural", Persons);
        var result = queries.Arrondissement(parsed.Required("postal"), parsed.Optional("country") ?? "BE", person);
        if (parsed.Flag("json"))
        {
            WriteJson(stdout, result);
            return Success;
        }

        stdout.WriteLine(result.Arrondissement is { } a
            ? $"Arrondissement: {a.Id} ({a.NameFr} / {a.NameNl})"
            : $"Manual decision needed: {result.Reason}");
        stdout.WriteLine($"FR: {result.French}");
        stdout.WriteLine($"NL: {result.Dutch}");
        return Success;
    }

    private static int Seizable(string[] args, TextWriter stdout, LawQueries queries)
    {
        var parsed = Parse(args, ["income", "children", "date", "type"]);
        NoPositional(parsed);
        var income = CliArguments.ParseEuros("income", parsed.Required("income"));
        var childrenText = parsed.Optional("children") ?? "0";
        if (!int.TryParse(childrenText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var children))
        {
            throw new UsageException($"--children '{childrenText}' is not a whole number.");
        }

        var date = CliArguments.ParseDate("date", parsed.Required("date"));
        var type = CliArguments.ParseChoice("type", parsed.Optional("type") ?? "work", IncomeTypes);
        var result = queries.Seizable(income, children, date, type);
        if (parsed.Flag("json"))
        {
            WriteJson(stdout, result);
            return Success;
        }

        stdout.WriteLine($"Seizable: {Money.Invariant(result.SeizableCents)} EUR of {Money.Invariant(result.IncomeCents)} EUR (protected {Money.Invariant(result.ProtectedCents)} EUR), scale {result.ScaleId}{(result.ScaleVerified ? string.Empty : " (UNVERIFIED amounts)")}");
        stdout.WriteLine($"FR: {result.French}");
        stdout.WriteLine($"NL: {result.Dutch}");
        return Success;
    }

    private static int Prescription(string[] args, TextWriter stdout, LawQueries queries)
    {
        var parsed = Parse(args, ["due", "interruption", "suspension"], "fraud");
        NoPositional(parsed);
        var due = CliArguments.ParseDate("due", parsed.Required("due"));
        var interruptions = parsed.All("interruption").Select(text =>
        {
            var parts = text.Split(':', 2);
            if (parts.Length != 2)
            {
                throw new UsageException($"--interruption '{text}' must be date:kind.");
            }

            return new PrescriptionInterruption(CliArguments.ParseDate("interruption", parts[0]), CliArguments.ParseChoice("interruption", parts[1], InterruptionKinds));
        }).ToList();
        var suspensions = parsed.All("suspension").Select(text =>
        {
            var parts = text.Split(':', 2);
            if (parts.Length != 2)
            {
                throw new UsageException($"--suspension '{text}' must be from:until (until empty while pending).");
            }

            DateOnly? until = parts[1].Length == 0 ? null : CliArguments.ParseDate("suspension", parts[1]);
            return new PrescriptionSuspension(CliArguments.ParseDate("suspension", parts[0]), until);
        }).ToList();

        var result = queries.Prescription(new PrescriptionRequest(due, parsed.Flag("fraud"), interruptions, suspensions));
        if (parsed.Flag("json"))
        {
            WriteJson(stdout, result);
            return Success;
        }

        stdout.WriteLine(result.ExpiresOn is { } last ? $"Expires on: {last:yyyy-MM-dd} (prescribed from the next day)" : "Expires on: none while the opposition is pending");
        stdout.WriteLine($"FR: {result.Explanation.French}");
        stdout.WriteLine($"NL: {result.Explanation.Dutch}");
        return Success;
    }
}
