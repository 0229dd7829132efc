using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Cluster.Tests;

/// <summary>The commands the load sends, as the checks count them.</summary>
public enum CommandKind
{
    RegisterOffice,
    Submit,
    Accept,
}

/// <summary>A command the gateway answered with 2xx: it must be in the database afterwards.</summary>
public sealed record Acknowledged(CommandKind Kind, string Key, DateTimeOffset At);

/// <summary>
/// Load through the api-only node's HTTP API, as ONSS, operators and bailiffs send it: titles submitted,
/// offices registered, dispatch asked for (the silos dispatch on their own interval too), assigned dossiers
/// accepted by their office. Every 2xx answer is recorded; anything else (a status, a timeout, a refused
/// connection) is counted as not acknowledged and never retried blindly.
/// </summary>
public sealed class LoadGenerator(HttpClient onss, HttpClient operators, Func<string, CancellationToken, Task<HttpClient>> bailiffOf)
{
    /// <summary>The debtors' surname, street and account (their national numbers are 850730 and five digits): no log may show them.</summary>
    public static readonly IReadOnlyList<string> PersonalData = ["Vandermeulen", "Guillemins", "BE68539007547034"];

    /// <summary>The arrondissement of every office and title of the test (postal code 4000).</summary>
    public const string Arrondissement = "liege";

    private static readonly JsonSerializerOptions Json = CreateJson();
    private readonly ConcurrentQueue<Acknowledged> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _refused = new();
    private readonly ConcurrentDictionary<string, HttpClient> _bailiffs = new();
    private int _titles;
    private int _offices;

    public IReadOnlyCollection<Acknowledged> AcknowledgedCommands => _acknowledged;

    /// <summary>Answers other than 2xx, by command and status (or exception).</summary>
    public IReadOnlyDictionary<string, int> Refused => _refused;

    /// <summary>Registers a new office of the arrondissement, with a bailiff user of its own.</summary>
    public async Task<string?> RegisterOfficeAsync(CancellationToken ct)
    {
        var officeId = "liege-" + Interlocked.Increment(ref _offices).ToString("D3", CultureInfo.InvariantCulture);
        _bailiffs[officeId] = await bailiffOf(officeId, ct);
        var registration = new BailiffRegistration($"Étude {officeId}", $"CH-{officeId}", Arrondissement, 1_000);
        return await SendAsync(CommandKind.RegisterOffice, officeId,
            () => operators.PutAsJsonAsync($"/operators/bailiffs/{officeId}", registration, Json, ct), ct) ? officeId : null;
    }

    /// <summary>Submits <paramref name="count"/> new titles, <paramref name="parallel"/> at a time; returns the dossier ids acknowledged.</summary>
    public async Task<IReadOnlyList<string>> SubmitAsync(int count, int parallel, CancellationToken ct)
    {
        var ids = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct },
            async (_, token) =>
            {
                if (await SubmitOneAsync(token) is { } id)
                {
                    ids.Add(id);
                }
            });
        return [.. ids];
    }

    /// <summary>Asks for a dispatch run (the silos also run one every <c>Dispatch:Interval</c>).</summary>
    public async Task WakeDispatchAsync(CancellationToken ct)
    {
        try
        {
            using var response = await operators.PostAsync("/operators/dispatch", null, ct);
            Count("WakeDispatch", response);
        }
        catch (Exception e) when (Transient(e, ct))
        {
            _refused.AddOrUpdate("WakeDispatch " + e.GetType().Name, 1, (_, n) => n + 1);
        }
    }

    /// <summary>The assigned dossiers (SQL list of the operators) with their office; empty when the list could not be read.</summary>
    public async Task<IReadOnlyList<(string DossierId, string OfficeId)>> AssignedAsync(CancellationToken ct)
    {
        try
        {
            using var response = await operators.GetAsync("/operators/dossiers?status=Assigned&limit=1000", ct);
            if (!response.IsSuccessStatusCode)
            {
                Count("ListAssigned", response);
                return [];
            }
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return [.. page.RootElement.GetProperty("items").EnumerateArray()
                .Select(i => (i.GetProperty("dossierId").GetString()!, i.GetProperty("assignedOfficeId").GetString()!))];
        }
        catch (Exception e) when (Transient(e, ct))
        {
            _refused.AddOrUpdate("ListAssigned " + e.GetType().Name, 1, (_, n) => n + 1);
            return [];
        }
    }

    /// <summary>Each office accepts the dossiers assigned to it; returns how many acceptances were acknowledged.</summary>
    public async Task<int> AcceptAssignedAsync(int parallel, CancellationToken ct)
    {
        var accepted = 0;
        var assigned = await AssignedAsync(ct);
        await Parallel.ForEachAsync(assigned, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (a, token) =>
        {
            if (!_bailiffs.TryGetValue(a.OfficeId, out var bailiff))
            {
                return;
            }
            if (await SendAsync(CommandKind.Accept, a.DossierId, () => bailiff.PostAsync($"/bailiff/dossiers/{a.DossierId}/acceptance", null, token), token))
            {
                Interlocked.Increment(ref accepted);
            }
        });
        return accepted;
    }

    /// <summary>
    /// Mixed load until <paramref name="stop"/>, one round every <paramref name="pace"/> at most: titles, now and then
    /// a new office, dispatch, acceptances.
    /// </summary>
    public async Task RunSteadyAsync(TimeSpan pace, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(pace);
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            try
            {
                await SubmitAsync(3, 3, stop);
                if (round % 4 == 0)
                {
                    await RegisterOfficeAsync(stop);
                }
                await WakeDispatchAsync(stop);
                await AcceptAssignedAsync(4, stop);
                await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<string?> SubmitOneAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _titles);
        var reference = "ONSS-CLUSTER-" + n.ToString("D5", CultureInfo.InvariantCulture);
        string? id = null;
        await SendAsync(CommandKind.Submit, reference, () => onss.PostAsJsonAsync("/onss/dossiers", Title(reference, n), Json, ct), ct,
            async response =>
            {
                using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                id = outcome.RootElement.GetProperty("dossierId").GetString();
                return id!;
            });
        return id;
    }

    /// <summary>Sends one command; a 2xx answer is recorded under the key the answer gives (or <paramref name="key"/>).</summary>
    private async Task<bool> SendAsync(CommandKind kind, string key, Func<Task<HttpResponseMessage>> send, CancellationToken ct,
        Func<HttpResponseMessage, Task<string>>? keyOf = null)
    {
        try
        {
            using var response = await send();
            if (!response.IsSuccessStatusCode)
            {
                Count(kind.ToString(), response);
                return false;
            }
            _acknowledged.Enqueue(new Acknowledged(kind, keyOf is null ? key : await keyOf(response), DateTimeOffset.UtcNow));
            return true;
        }
        catch (Exception e) when (Transient(e, ct))
        {
            _refused.AddOrUpdate($"{kind} {e.GetType().Name}", 1, (_, n) => n + 1);
            return false;
        }
    }

    private void Count(string what, HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            _refused.AddOrUpdate($"{what} {(int)response.StatusCode}", 1, (_, n) => n + 1);
        }
    }

    /// <summary>A failure of the network or a timeout, not the test being stopped.</summary>
    private static bool Transient(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException;

    /// <summary>A valid contrainte against a natural person of Liège; the debtor's number varies with <paramref name="n"/>.</summary>
    private static TitleSubmission Title(string reference, int n) => new(
        reference,
        TitleKind.Contrainte,
        IssueDate: new DateOnly(2026, 2, 20),
        SignatoryQuality: "administrateur général adjoint",
        FormalNoticeDate: new DateOnly(2026, 1, 12),
        FormalNoticeChannel: NoticeChannel.RegisteredLetter,
        Debtor: new DebtorSubmission(PersonKind.Natural, Niss(n % 997 + 1), PersonalData[0], "Jean",
            new PostalAddress("Rue des " + PersonalData[1], "12", null, "4000", "Liège", "BE"), PersonalData[2]),
        ThirdParties: null,
        Amounts: [new ClaimAmount(DebtComponent.Contributions, 300_000 + n), new ClaimAmount(DebtComponent.LateInterest, 25_000)],
        ContributionQuarter: new ContributionQuarter(2025, 3));

    /// <summary>A valid national register number for a birth on 1985-07-30 with sequence <paramref name="sequence"/>.</summary>
    private static string Niss(int sequence)
    {
        var first9 = "850730" + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return first9 + (97 - (long.Parse(first9, CultureInfo.InvariantCulture) % 97)).ToString("D2", CultureInfo.InvariantCulture);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
