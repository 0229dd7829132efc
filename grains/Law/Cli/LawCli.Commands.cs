using System.CommandLine;

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

    private static Command Deadline(TextWriter stdout, TextWriter stderr, Lazy<LawQueries> queries)
    {
        var window = CliOptions.Choice("--window", "opposition: last day to oppose a served contrainte; command: when the contrainte "
            + "becomes executable (24-hour command to pay); notice: when a contrainte may be issued after the final formal notice", Windows, "opposition");
        var baseEvent = CliOptions.Choice<BaseEvent?>("--event", "The event the period runs from (default service, registered for --window notice)",
            Events.ToDictionary(e => e.Key, e => (BaseEvent?)e.Value, StringComparer.OrdinalIgnoreCase));
        var date = CliOptions.Date("--date", "The day of the event");
        var residence = CliOptions.Text("--residence", "The debtor's country of residence, ISO 3166 alpha-2", "BE");
        var json = Json();
        var command = new Command("deadline", "A legal deadline with its explanation in French and Dutch.") { window, baseEvent, date, residence, json };
        command.Validators.Add(result =>
        {
            // Read from the tokens: a malformed value already carries its own error, and reading it as a value would throw.
            var windowText = result.GetResult(window)?.Tokens is [var w] ? w.Value : "opposition";
            if (result.GetResult(baseEvent)?.Tokens is not [var e]
                || !Windows.TryGetValue(windowText, out var chosenWindow) || !Events.TryGetValue(e.Value, out var chosen))
            {
                return;
            }

            if ((chosenWindow == DeadlineWindow.Notice) == (chosen == BaseEvent.Service))
            {
                result.AddError(chosenWindow == DeadlineWindow.Notice
                    ? "--window notice needs --event registered, registered-ack or ebox."
                    : $"--window {chosenWindow.ToString().ToLowerInvariant()} runs from --event service.");
            }
        });
        command.SetAction(parsed => Guarded(stderr, () =>
        {
            var chosenWindow = parsed.GetValue(window);
            var chosenEvent = parsed.GetValue(baseEvent) ?? (chosenWindow == DeadlineWindow.Notice ? BaseEvent.RegisteredLetter : BaseEvent.Service);
            var answer = queries.Value.Deadline(chosenWindow, chosenEvent, parsed.GetValue(date), parsed.GetValue(residence)!);
            if (parsed.GetValue(json))
            {
                WriteJson(stdout, answer);
                return Success;
            }

            var instant = answer.InstantUtc is { } utc ? $", instant {utc.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z" : string.Empty;
            stdout.WriteLine($"Date: {answer.Date:yyyy-MM-dd} ({answer.DateMeaning}{instant})");
            stdout.WriteLine($"FR: {answer.Explanation.French}");
            stdout.WriteLine($"NL: {answer.Explanation.Dutch}");
            return Success;
        }));
        return command;
    }

    private static Command Tariff(TextWriter stdout, TextWriter stderr, Lazy<LawQueries> queries)
    {
        var act = CliOptions.Choice("--act", "The bailiff's act", Acts);
        var claim = CliOptions.Euros("--claim", "The claim in euros, e.g. 2500.00");
        var date = CliOptions.Date("--date", "The day of the act");
        var json = Json();
        var command = new Command("tariff", "The bailiff's fee for an act under the tariff in force.") { act, claim, date, json };
        command.SetAction(parsed => Guarded(stderr, () =>
        {
            var cost = queries.Value.Tariff(parsed.GetValue(act), parsed.GetValue(claim), parsed.GetValue(date));
            if (parsed.GetValue(json))
            {
                WriteJson(stdout, cost);
                return Success;
            }

            stdout.WriteLine($"Tariff: {cost.TariffVersionId}, class {cost.ClaimClass}");
            stdout.WriteLine($"Excl. VAT: {Money.Invariant(cost.ExclVatCents)} EUR, VAT: {Money.Invariant(cost.VatCents)} EUR, total: {Money.Invariant(cost.TotalCents)} EUR");
            stdout.WriteLine($"FR: {cost.French}");
            stdout.WriteLine($"NL: {cost.Dutch}");
            return Success;
        }));
        return command;
    }

    private static Command CheckId(TextWriter stdout, TextWriter stderr, Lazy<LawQueries> queries)
    {
        var value = new Argument<string>("value") { Description = "The identifier (quote it if it contains spaces)" };
        var kind = CliOptions.Choice<IdentifierKind?>("--kind", "The kind of identifier; guessed from the value when absent",
            Kinds.ToDictionary(k => k.Key, k => (IdentifierKind?)k.Value, StringComparer.OrdinalIgnoreCase));
        var json = Json();
        var command = new Command("check-id", "Checks a NISS, KBO number or IBAN and says which check failed.") { value, kind, json };
        command.SetAction(parsed => Guarded(stderr, () =>
        {
            var result = queries.Value.CheckId(parsed.GetValue(value)!, parsed.GetValue(kind));
            if (parsed.GetValue(json))
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
        }));
        return command;
    }

    private static Command Arrondissement(TextWriter stdout, TextWriter stderr, Lazy<LawQueries> queries)
    {
        var postal = CliOptions.Text("--postal", "The postal code");
        var country = CliOptions.Text("--country", "The country, ISO 3166 alpha-2", "BE");
        var person = CliOptions.Choice("--person", "A natural or a legal person", Persons, "natural");
        var json = Json();
        var command = new Command("arrondissement", "The judicial arrondissement competent for an address.") { postal, country, person, json };
        command.SetAction(parsed => Guarded(stderr, () =>
        {
            var result = queries.Value.Arrondissement(parsed.GetValue(postal)!, parsed.GetValue(country)!, parsed.GetValue(person));
            if (parsed.GetValue(json))
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
        }));
        return command;
    }

    private static Command Seizable(TextWriter stdout, TextWriter stderr, Lazy<LawQueries> queries)
    {
        var income = CliOptions.Euros("--income", "The monthly net income in euros");
        var children = CliOptions.WholeNumber("--children", "Dependent children", 0);
        var date = CliOptions.Date("--date", "The day the scale applies");
        var type = CliOptions.Choice("--type", "Income from work or a replacement income", IncomeTypes, "work");
        var json = Json();
        var command = new Command("seizable", "The seizable part of an income (art. 1409 Judicial Code).") { income, children, date, type, json };
        command.SetAction(parsed => Guarded(stderr, () =>
        {
            var result = queries.Value.Seizable(parsed.GetValue(income), parsed.GetValue(children), parsed.GetValue(date), parsed.GetValue(type));
            if (parsed.GetValue(json))
            {
                WriteJson(stdout, result);
                return Success;
            }

            stdout.WriteLine($"Seizable: {Money.Invariant(result.SeizableCents)} EUR of {Money.Invariant(result.IncomeCents)} EUR (protected {Money.Invariant(result.ProtectedCents)} EUR), scale {result.ScaleId}{(result.ScaleVerified ? string.Empty : " (UNVERIFIED amounts)")}");
            stdout.WriteLine($"FR: {result.French}");
            stdout.WriteLine($"NL: {result.Dutch}");
            return Success;
        }));
        return command;
    }
}
