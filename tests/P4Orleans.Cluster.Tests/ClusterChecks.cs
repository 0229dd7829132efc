using System.Text.Json;
using System.Text.RegularExpressions;

namespace P4Orleans.Cluster.Tests;

/// <summary>What the database must show after the kill, each check returning the problems it found (empty: fine).</summary>
public static partial class ClusterChecks
{
    /// <summary>Statuses in which a dossier counts in its office's load (as the dispatcher counts it).</summary>
    public static readonly IReadOnlySet<string> OpenStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "Assigned", "Accepted", "Served", "Executable", "Opposed", "Seizure", "PaymentPlan",
    };

    /// <summary>Journal kinds that may legitimately repeat with the same data (a periodic tick finding nothing due).</summary>
    private static readonly IReadOnlySet<string> Repeatable = new HashSet<string>(StringComparer.Ordinal) { "ignored" };

    /// <summary>Every command answered 2xx is in the database: the dossier, the office, the acceptance.</summary>
    public static IReadOnlyList<string> AcknowledgedAreStored(IReadOnlyCollection<Acknowledged> acknowledged, IReadOnlyList<DossierRow> dossiers,
        IReadOnlySet<string> offices, IReadOnlyList<JournalRow> journal)
    {
        var byId = dossiers.Where(d => d.Status is not null).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var acceptedInJournal = journal.Where(j => j.GrainType == "dossier" && j.Kind == "transition" && j.Field("to") == "Accepted")
            .Select(j => j.Key).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var a in acknowledged)
        {
            var stored = a.Kind switch
            {
                CommandKind.Submit => byId.ContainsKey(a.Key),
                CommandKind.RegisterOffice => offices.Contains(a.Key),
                CommandKind.Accept => acceptedInJournal.Contains(a.Key) && byId.TryGetValue(a.Key, out var d) && d.Status is not ("Assigned" or "AwaitingDispatch"),
                _ => false,
            };
            if (!stored)
            {
                problems.Add($"{a.Kind} {a.Key} acknowledged at {a.At:HH:mm:ss.fff} is not in the database");
            }
        }
        return problems;
    }

    /// <summary>No effect applied twice: one-time journal entries appear once per grain, and no entry is repeated.</summary>
    public static IReadOnlyList<string> NothingAppliedTwice(IReadOnlyList<JournalRow> journal)
    {
        var problems = new List<string>();
        foreach (var repeated in journal.Where(j => !Repeatable.Contains(j.Kind))
            .GroupBy(j => (j.GrainType, j.Key, j.Kind, Data: Canonical(j.Data))).Where(g => g.Count() > 1))
        {
            problems.Add($"{repeated.Key.GrainType}/{repeated.Key.Key}: '{repeated.Key.Kind}' {repeated.Key.Data} written {repeated.Count()} times");
        }
        foreach (var dossier in journal.Where(j => j.GrainType == "dossier").GroupBy(j => j.Key))
        {
            Once(problems, dossier.Key, "submitted", dossier.Where(j => j.Kind == "submitted").Select(_ => ""));
            Once(problems, dossier.Key, "transition to", dossier.Where(j => j.Kind == "transition").Select(j => j.Field("to") ?? ""));
            Once(problems, dossier.Key, "deadline reached", dossier.Where(j => j.Kind == "deadline-reached").Select(j => j.Field("name") ?? ""));
            Once(problems, dossier.Key, "escalation", dossier.Where(j => j.Kind == "escalated").Select(j => j.Field("kind") ?? ""));
        }
        return problems;
    }

    /// <summary>Each office's load (as the operators read it) is the count of its open dossiers in SQL.</summary>
    public static IReadOnlyList<string> LoadsMatchDossiers(IReadOnlyDictionary<string, int> loads, IReadOnlyList<DossierRow> dossiers)
    {
        var counted = dossiers.Where(d => d.AssignedOfficeId is not null && d.Status is not null && OpenStatuses.Contains(d.Status))
            .GroupBy(d => d.AssignedOfficeId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. loads.Where(l => l.Value != counted.GetValueOrDefault(l.Key))
            .Select(l => $"office {l.Key}: load {l.Value}, open dossiers {counted.GetValueOrDefault(l.Key)}")];
    }

    /// <summary>No node wrote a debtor's personal data in its output (whatever failed, whatever the level).</summary>
    public static IReadOnlyList<string> NoPersonalDataLogged(IEnumerable<NodeProcess> nodes)
    {
        var problems = new List<string>();
        foreach (var node in nodes)
        {
            using var stream = new FileStream(node.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (LoadGenerator.PersonalData.Any(p => line.Contains(p, StringComparison.Ordinal)) || NationalNumber().IsMatch(line))
                {
                    // The line itself is not repeated: the failure message must not carry the data either.
                    problems.Add($"{node.Name} log line {number} holds a debtor's personal data ({node.LogFile})");
                }
            }
        }
        return problems;
    }

    [GeneratedRegex(@"(?<!\d)850730\d{5}(?!\d)")]
    private static partial Regex NationalNumber();

    private static void Once(List<string> problems, string dossier, string what, IEnumerable<string> values)
    {
        foreach (var value in values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"dossier {dossier}: {what} {value.Key} {value.Count()} times");
        }
    }

    /// <summary>The entry's data with its properties in one order, so that equal data compares equal.</summary>
    private static string Canonical(string data)
    {
        using var json = JsonDocument.Parse(data);
        return json.RootElement.ValueKind == JsonValueKind.Object
            ? string.Join(',', json.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value.GetRawText()))
            : json.RootElement.GetRawText();
    }
}
