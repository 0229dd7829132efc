using System.CommandLine;
using System.Globalization;

namespace P4Orleans.Law;

/// <summary>The <c>prescription</c> command: repeatable interruptions and suspensions.</summary>
public static partial class LawCli
{
    private static Command Prescription(TextWriter stdout, TextWriter stderr, Lazy<LawQueries> queries)
    {
        var due = CliOptions.Date("--due", "The day the contribution fell due");
        var fraud = CliOptions.Flag("--fraud", "The longer period for fraud");
        var interruptions = CliOptions.Repeated("--interruption", "An interrupting act (repeatable)",
            "yyyy-MM-dd:summons|command-to-pay|seizure|registered-letter", ParseInterruption,
            text => $"--interruption '{text}' must be date:kind (kind one of: {string.Join(", ", InterruptionKinds.Keys)}).");
        var suspensions = CliOptions.Repeated("--suspension", "A suspension, until empty while pending (repeatable)",
            "yyyy-MM-dd:yyyy-MM-dd|yyyy-MM-dd:", ParseSuspension,
            text => $"--suspension '{text}' must be from:until (until empty while pending).");
        var json = Json();
        var command = new Command("prescription", "The day a debt is prescribed, with its interruptions and suspensions.")
        {
            due, fraud, interruptions, suspensions, json,
        };
        command.SetAction(parsed => Guarded(stderr, () =>
        {
            var result = queries.Value.Prescription(new PrescriptionRequest(parsed.GetValue(due), parsed.GetValue(fraud),
                [.. parsed.GetValue(interruptions)!], [.. parsed.GetValue(suspensions)!]));
            if (parsed.GetValue(json))
            {
                WriteJson(stdout, result);
                return Success;
            }

            stdout.WriteLine(result.ExpiresOn is { } last ? $"Expires on: {last:yyyy-MM-dd} (prescribed from the next day)" : "Expires on: none while the opposition is pending");
            stdout.WriteLine($"FR: {result.Explanation.French}");
            stdout.WriteLine($"NL: {result.Explanation.Dutch}");
            return Success;
        }));
        return command;
    }

    private static PrescriptionInterruption? ParseInterruption(string text)
    {
        var parts = text.Split(':', 2);
        return parts.Length == 2 && Day(parts[0]) is { } day && InterruptionKinds.TryGetValue(parts[1], out var kind)
            ? new PrescriptionInterruption(day, kind)
            : null;
    }

    private static PrescriptionSuspension? ParseSuspension(string text)
    {
        var parts = text.Split(':', 2);
        if (parts.Length != 2 || Day(parts[0]) is not { } from)
        {
            return null;
        }

        if (parts[1].Length == 0)
        {
            return new PrescriptionSuspension(from, null);
        }

        return Day(parts[1]) is { } until ? new PrescriptionSuspension(from, until) : null;
    }

    private static DateOnly? Day(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
