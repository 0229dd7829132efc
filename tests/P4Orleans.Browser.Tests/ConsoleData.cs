using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using P4Orleans.Law;
using P4Orleans.Recovery.Dispatch;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Browser.Tests;

/// <summary>
/// The dossiers and offices a console test looks at, made through the platform's own services (the intake, the grains,
/// the dispatcher) as ONSS, the Chamber and dispatch would: the browser then sees real state.
/// </summary>
public sealed class ConsoleData(BrowserGateway gateway)
{
    private static int _sequence;

    private IGrainFactory Grains => gateway.Services.GetRequiredService<IGrainFactory>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A reference no other test uses.</summary>
    public static string Reference(string prefix) =>
        $"{prefix}-{Interlocked.Increment(ref _sequence).ToString("D4", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A valid contrainte against a natural person at <paramref name="postalCode"/>.</summary>
    public static TitleSubmission Contrainte(string reference, string postalCode = "4000") => new(
        reference,
        TitleKind.Contrainte,
        IssueDate: new DateOnly(2026, 2, 20),
        SignatoryQuality: "administrateur général adjoint",
        FormalNoticeDate: new DateOnly(2026, 1, 12),
        FormalNoticeChannel: NoticeChannel.RegisteredLetter,
        Debtor: new DebtorSubmission(PersonKind.Natural, "85073003328", "Vandermeulen", "Jean",
            new PostalAddress("Rue des Guillemins", "12", null, postalCode, "Commune", "BE"), "BE68539007547034"),
        ThirdParties: null,
        Amounts: [new ClaimAmount(DebtComponent.Contributions, 300_000), new ClaimAmount(DebtComponent.LateInterest, 25_000)],
        ContributionQuarter: new ContributionQuarter(2025, 3));

    /// <summary>Hands over a title as ONSS does; the dossier's id.</summary>
    public async Task<string> SubmitAsync(string reference, string postalCode = "4000") =>
        (await gateway.Services.GetRequiredService<IntakeService>().SubmitAsync(Contrainte(reference, postalCode), Ct)).DossierId;

    public Task<DossierSummary> SummaryAsync(string dossierId) => Grains.GetGrain<IDossierGrain>(dossierId).GetSummaryAsync();

    /// <summary>Registers (or updates) an active office.</summary>
    public async Task RegisterOfficeAsync(string officeId, string arrondissementId, int capacity = 20) =>
        await Grains.GetGrain<IBailiffGrain>(officeId).RegisterAsync(new BailiffRegistration($"Étude {officeId}", $"CH-{officeId}", arrondissementId, capacity));

    /// <summary>Runs dispatch until the dossier has left <c>AwaitingDispatch</c> (bounded), and its summary then.</summary>
    public async Task<DossierSummary> DispatchedAsync(string dossierId)
    {
        var dispatch = gateway.Services.GetRequiredService<DispatchService>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var summary = await SummaryAsync(dossierId);
            if (summary.Status != DossierStatus.AwaitingDispatch)
            {
                return summary;
            }
            await dispatch.RunOnceAsync(Ct);
        }
        throw new TimeoutException($"Dossier {dossierId} was not dispatched.");
    }

    /// <summary>
    /// A dossier waiting for a manual decision: its arrondissement (a Ghent address unless <paramref name="postalCode"/>
    /// says another) has no active office yet. Tests of one class share a gateway, in any order: a test that registers
    /// an office where its dossier waits takes an arrondissement no other test of its class waits in.
    /// </summary>
    public async Task<(string DossierId, string ArrondissementId)> ManualDecisionAsync(string reference, string postalCode = "9000")
    {
        var id = await SubmitAsync(reference, postalCode);
        var summary = await DispatchedAsync(id);
        Assert.Equal(DossierStatus.NeedsManualDecision, summary.Status);
        return (id, summary.ArrondissementId!);
    }

    /// <summary>A dossier assigned to <paramref name="officeId"/> (registered in the dossier's arrondissement), whatever dispatch chose.</summary>
    public async Task<string> AssignedToAsync(string officeId, string reference)
    {
        var id = await SubmitAsync(reference);
        var summary = await DispatchedAsync(id);
        await RegisterOfficeAsync(officeId, summary.ArrondissementId!);
        var office = new OfficeFacts(officeId, summary.ArrondissementId!, BailiffStatus.Active);
        var dossier = Grains.GetGrain<IDossierGrain>(id);
        if (summary.Status == DossierStatus.NeedsManualDecision)
        {
            await dossier.AssignByOperatorAsync(office, "test: assigned to the office under test");
        }
        else if (summary.AssignedOfficeId != officeId)
        {
            await dossier.ReassignAsync(office, "test: moved to the office under test");
        }
        Assert.Equal(officeId, (await SummaryAsync(id)).AssignedOfficeId);
        return id;
    }

    /// <summary>A dossier accepted and served by its office today (Brussels): the opposition window runs, with its explanation.</summary>
    public async Task<string> ServedAsync(string officeId, string reference)
    {
        var id = await AssignedToAsync(officeId, reference);
        var dossier = Grains.GetGrain<IDossierGrain>(id);
        await dossier.AcceptAsync(officeId);
        // Not before the acceptance (today, by the platform clock the gateway runs on).
        await dossier.ReportServiceAsync(officeId, new ServiceReport(Today, ServiceMode.InPerson, null, "ACT-1"));
        return id;
    }

    /// <summary>A client of the API with the bearer token of <paramref name="user"/>.</summary>
    public HttpClient ApiClient(Guid user)
    {
        var client = new HttpClient { BaseAddress = gateway.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            gateway.Services.GetRequiredService<DevelopmentIssuer>().IssueFor(user));
        return client;
    }

    /// <summary>Today in Brussels by the clock the gateway runs on.</summary>
    public static DateOnly Today => P4Orleans.Testing.MorningClock.Today;

    /// <summary>The id of the one running bulk job, once it has started (bounded wait).</summary>
    public async Task<Guid> RunningJobAsync()
    {
        var queries = gateway.Services.GetRequiredService<Api.WebConsole.ConsoleQueries>();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if ((await queries.IntakeJobsAsync(Ct)).FirstOrDefault(j => j.Status == IntakeJobStatus.Running && j.LinesRead > 0) is { } job)
            {
                return job.Id;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException("No bulk job started.");
    }

    /// <summary>A client of the API with an ONSS agent's bearer token (the bulk intake is ONSS's).</summary>
    public async Task<HttpClient> OnssClientAsync()
    {
        var onss = await gateway.UserAsync(OrganisationKind.Onss, "onss", Roles.OnssAgent);
        var client = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            gateway.Services.GetRequiredService<DevelopmentIssuer>().IssueFor(onss.Id));
        return client;
    }
}
