using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using P4Orleans.Law;
using P4Orleans.Recovery.Dispatch;
using P4Orleans.Grains;
using P4Orleans.Recovery.Deadlines;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>
/// The gateway (with its co-hosted Orleans silo) on a database of its own with a platform clock that moves only
/// when the test says so. The silo's background loops (deadline catch-up, dispatch, intake sweeper) are not
/// started: the test drives them, so that each step happens exactly when the scenario says; Orleans itself runs
/// on the real clock (its reminders wake dossiers, which apply only what is due by the platform clock). Tokens are issued and checked on the real clock (token
/// lifetimes are not the law's time).
/// </summary>
public sealed class Scenario : IAsyncLifetime
{
    /// <summary>Monday 2 March 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public const string Liege = "liege";

    public static JsonSerializerOptions Json { get; } = CreateJson();

    public Scenario(IDictionary<string, string?>? settings = null, Action<IWebHostBuilder>? configure = null)
    {
        Api = new ApiFactory
        {
            ConfigureHost = host =>
            {
                // The recertification job is driven by the test too (RecertificationJob.RunOnceAsync).
                host.UseSetting("Compliance:RunRecertificationJob", "false");
                foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
                {
                    host.UseSetting(key, value);
                }
                host.ConfigureTestServices(services =>
                {
                    services.RemoveAllKeyed<TimeProvider>(PlatformClock.Key);
                    services.AddKeyedSingleton<TimeProvider>(PlatformClock.Key, Clock);
                    services.RemoveAll<DevelopmentIssuer>();
                    services.AddSingleton(sp => new DevelopmentIssuer(sp.GetRequiredService<AuthOptions>(), TimeProvider.System));
                    var recovery = typeof(DispatchService).Assembly;
                    foreach (var loop in services.Where(d => d.ServiceType == typeof(IHostedService)
                        && d.ImplementationFactory?.Method.DeclaringType?.Assembly is { } a && a == recovery).ToList())
                    {
                        services.Remove(loop);
                    }
                });
                configure?.Invoke(host);
            },
        };
    }

    public ManualTimeProvider Clock { get; } = new(Start);

    public ApiFactory Api { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Today in the court's time zone (law dates are Brussels dates).</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Brussels).DateTime);

    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public async ValueTask InitializeAsync()
    {
        await Api.InitializeAsync();
        // Starts the host now, so that every test step runs on a started gateway.
        _ = Api.Services;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();

    public async Task<HttpClient> OnssAsync() => Api.ClientFor(await Api.UserAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss"));

    public async Task<HttpClient> OperatorAsync() => Api.ClientFor(await Api.UserAsync(Roles.Operator));

    public async Task<HttpClient> BailiffAsync(string officeId, string role = Roles.Bailiff) =>
        Api.ClientFor(await Api.UserAsync(role, OrganisationKind.BailiffOffice, officeId));

    public async Task<HttpClient> AuditorAsync() => Api.ClientFor(await Api.UserAsync(Roles.SecurityCoordinator));

    /// <summary>Registers (or updates) an office through the Operators' API.</summary>
    public async Task RegisterOfficeAsync(HttpClient operators, string officeId, string arrondissementId = Liege, int capacity = 10)
    {
        var response = await operators.PutAsJsonAsync($"/operators/bailiffs/{officeId}",
            new BailiffRegistration($"Étude {officeId}", $"CH-{officeId}", arrondissementId, capacity), Json, Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    public Task<DispatchResult> DispatchAsync() => Api.Services.GetRequiredService<DispatchService>().RunOnceAsync(Ct);

    /// <summary>The silos' deadline catch-up, once, at the scenario's clock: applies every deadline due by it.</summary>
    public Task<int> PollRemindersAsync() => Api.Services.GetRequiredService<DeadlineCatchUp>().RunOnceAsync(Ct);

    /// <summary>
    /// Waits until every office's reassignment orders are delivered (offices deliver them right after their own
    /// write; this returns how many were still pending at first look).
    /// </summary>
    public async Task<int> PollMessagesAsync()
    {
        var first = -1;
        for (var i = 0; i < 200; i++)
        {
            await using var cmd = Api.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
                "SELECT count(*)::int FROM orleans_grain_state WHERE state_name = 'bailiff' AND jsonb_array_length(coalesce(payload -> 'outbox', '[]'::jsonb)) > 0");
            var pending = (int)(await cmd.ExecuteScalarAsync(Ct))!;
            first = first < 0 ? pending : first;
            if (pending == 0)
            {
                return first;
            }

            await Task.Delay(25, Ct);
        }

        throw new TimeoutException("Offices' reassignment orders still pending after 5 s.");
    }

    /// <summary>Submits a title as ONSS; returns the dossier id.</summary>
    public async Task<string> SubmitAsync(HttpClient onss, TitleSubmission title)
    {
        var response = await onss.PostAsJsonAsync("/onss/dossiers", title, Json, Ct);
        await ExpectAsync(response, HttpStatusCode.Created);
        return (await ReadAsync<SubmissionOutcome>(response)).DossierId;
    }

    /// <summary>Submits a title and dispatches it; returns the dossier id and its office.</summary>
    public async Task<(string DossierId, string OfficeId)> SubmitAndDispatchAsync(HttpClient onss, HttpClient operators, TitleSubmission title)
    {
        var id = await SubmitAsync(onss, title);
        await DispatchAsync();
        var view = await ViewAsync(operators, $"/operators/dossiers/{id}");
        Assert.Equal(DossierStatus.Assigned, view.Status);
        return (id, view.AssignedOfficeId!);
    }

    public static async Task<DossierView> ViewAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
        return await ReadAsync<DossierView>(response);
    }

    public static Task<BailiffView> OfficeAsync(HttpClient operators, string officeId) =>
        operators.GetFromJsonAsync<BailiffView>($"/operators/bailiffs/{officeId}", Json, Ct)!;

    /// <summary>Posts a command and expects <paramref name="status"/>; returns the response.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await client.PostAsync(path, body is null ? null : JsonContent.Create(body, body.GetType(), options: Json), Ct);
        await ExpectAsync(response, status);
        return response;
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json, Ct))!;

    /// <summary>A valid contrainte against a natural person domiciled in Liège (postal code 4000).</summary>
    public static TitleSubmission Contrainte(string reference, Debtor? debtor = null, long contributionsCents = 300_000) => new(
        reference,
        TitleKind.Contrainte,
        IssueDate: new DateOnly(2026, 2, 20),
        SignatoryQuality: "administrateur général adjoint",
        FormalNoticeDate: new DateOnly(2026, 1, 12),
        FormalNoticeChannel: NoticeChannel.RegisteredLetter,
        Debtor: (debtor ?? Debtor.Default).ToSubmission(),
        ThirdParties: null,
        Amounts: [new ClaimAmount(DebtComponent.Contributions, contributionsCents), new ClaimAmount(DebtComponent.LateInterest, 25_000)],
        ContributionQuarter: new ContributionQuarter(2025, 3));

    /// <summary>A valid national register number for a birth on 1985-07-30 with sequence <paramref name="sequence"/> (1 to 997).</summary>
    public static string Niss(int sequence)
    {
        var first9 = $"850730{sequence:D3}";
        return first9 + (97 - (long.Parse(first9, System.Globalization.CultureInfo.InvariantCulture) % 97)).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}

/// <summary>A debtor's personal data as a test names it (to find it, or not, afterwards).</summary>
public sealed record Debtor(string Name, string FirstNames, string Niss, string Street, string Number, string PostalCode, string Municipality, string Iban)
{
    public static Debtor Default { get; } = new("Vandermeulen", "Jean", "85073003328", "Rue des Guillemins", "12", "4000", "Liège", "BE68539007547034");

    public DebtorSubmission ToSubmission() =>
        new(PersonKind.Natural, Niss, Name, FirstNames, new PostalAddress(Street, Number, null, PostalCode, Municipality, "BE"), Iban);
}
