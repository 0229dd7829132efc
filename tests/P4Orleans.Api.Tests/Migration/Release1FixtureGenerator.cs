using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using P4Orleans.Api.Tests.Dossiers;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Migration;

/// <summary>
/// How the release-1 fixture was made: the gateway of release 1 (the home-made grain host) driven through
/// HTTP into offices and dossiers in every state, then its database dumped with pg_dump and its answers
/// saved. Run once with P4_WRITE_RELEASE1_FIXTURE set to the output folder.
/// </summary>
public sealed partial class Release1FixtureGenerator : IAsyncLifetime
{
    private readonly Scenario _s = new();
    private readonly Dictionary<string, string> _dossiers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _users = new(StringComparer.Ordinal);
    private HttpClient _onss = null!;
    private HttpClient _operators = null!;
    private readonly Dictionary<string, HttpClient> _bailiffs = new(StringComparer.Ordinal);

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task writes_the_release_1_fixture()
    {
        var output = Environment.GetEnvironmentVariable("P4_WRITE_RELEASE1_FIXTURE");
        Assert.False(string.IsNullOrEmpty(output), "set P4_WRITE_RELEASE1_FIXTURE to the fixture folder");
        await UsersAsync();

        // Phase 1, Monday 2 March 2026: two offices, a first batch dispatched, accepted and served.
        await RegisterAsync("liege-a", Liege, 20, "bailiff-liege-a-1", "bailiff-liege-a-2");
        await RegisterAsync("namur-a", "namur", 5);
        string[] early = ["purged", "paid-retention", "closed-retention", "opposed", "seizure", "executable-1", "executable-2",
            "payment-plan", "irrecoverable", "withdrawn"];
        var n = 0;
        foreach (var name in early)
        {
            await SubmitAsync(name, ++n);
        }
        await SubmitAsync("executable-namur", ++n, namur: true);
        foreach (var name in new[] { "purged", "seizure", "executable-namur" })
        {
            await AttachAsync(_onss, $"/onss/dossiers/{_dossiers[name]}/documents?kind=ScannedTitle", "scanned title " + name);
        }
        Assert.Equal(early.Length + 1, (await _s.DispatchAsync()).Assigned);
        await _s.PollMessagesAsync();
        foreach (var name in early.Append("executable-namur"))
        {
            var office = name == "executable-namur" ? "namur-a" : "liege-a";
            await PostAsync(Bailiff(office), $"/bailiff/dossiers/{_dossiers[name]}/acceptance", null);
        }
        await PostAsync(_onss, $"/onss/dossiers/{_dossiers["payment-plan"]}/payment-plan",
            new PaymentPlanTerms(_s.Today, 6, 55_000, _s.Today.AddDays(10)));
        await PostAsync(_onss, $"/onss/dossiers/{_dossiers["irrecoverable"]}/irrecoverability", new { reason = "insolvent" });
        await PostAsync(_onss, $"/onss/dossiers/{_dossiers["withdrawn"]}/withdrawal", new { reason = "paid to ONSS directly" });
        foreach (var name in new[] { "purged", "paid-retention", "closed-retention", "opposed", "seizure", "executable-1", "executable-2", "executable-namur" })
        {
            var office = name == "executable-namur" ? "namur-a" : "liege-a";
            await AttachAsync(Bailiff(office), $"/bailiff/dossiers/{_dossiers[name]}/documents?kind=ServiceWrit", "writ " + name);
            await PostAsync(Bailiff(office), $"/bailiff/dossiers/{_dossiers[name]}/service",
                new ServiceReport(_s.Today, ServiceMode.AtDomicile, "Person met " + name, "ACT-" + name));
        }
        await _s.PollMessagesAsync();

        // Phase 2: the command to pay expires; seizures, oppositions, payments.
        var served = await ViewAsync(_operators, $"/operators/dossiers/{_dossiers["seizure"]}");
        _s.Clock.SetUtcNow(served.KeyDates.Single(k => k.Name == DossierReminders.Executable).DueAt.AddHours(1));
        Assert.True(await _s.PollRemindersAsync() >= 7);
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["seizure"]}/seizures",
            new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, _s.Today, [new SeizableAsset("Car in the garage", 800_000)], "ACT-SZ-1"));
        await AttachAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["seizure"]}/documents?kind=SeizureReport", "seizure report");
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["opposed"]}/seizures",
            new SeizureReport(SeizureKind.Garnishment, SeizureNature.Executory, _s.Today, [new SeizableAsset("Wages at the employer", null)], "ACT-SZ-2"));
        foreach (var name in new[] { "opposed", "closed-retention" })
        {
            await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers[name]}/opposition",
                new OppositionReport(OppositionKind.AdversarialPetition, _s.Today, "Tribunal du travail de Liège"));
        }
        await PayAllAsync("purged");
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["purged"]}/intervention-closure", null);
        await PostAsync(_onss, $"/onss/dossiers/{_dossiers["executable-1"]}/payments", new PaymentReport(100_000, _s.Today, PaymentSource.Onss, "PAY-EX-1"));
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["executable-2"]}/payments", new PaymentReport(20_000, _s.Today, PaymentSource.Bailiff, "REC-EX-2"));
        await _s.PollMessagesAsync();

        // Phase 3: a judgment annuls one title; the first paid dossier reaches its retention expiry; another is paid.
        _s.Clock.Advance(TimeSpan.FromDays(10));
        await PostAsync(_operators, $"/operators/dossiers/{_dossiers["closed-retention"]}/judgment", new JudgmentReport(JudgmentOutcome.Annulled, _s.Today));
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["closed-retention"]}/intervention-closure", null);
        _s.Clock.Advance(TimeSpan.FromDays(21));
        await _s.PollRemindersAsync();
        await _s.PollMessagesAsync();
        Assert.Equal(DossierStatus.Purged, (await ViewAsync(_operators, $"/operators/dossiers/{_dossiers["purged"]}")).Status);
        await PayAllAsync("paid-retention");
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["paid-retention"]}/intervention-closure", null);
        await _s.PollMessagesAsync();

        await FinalPhaseAsync(n);
        await SaveAsync(output!);
    }

    // Phase 4: a second Liège office; dossiers assigned, accepted and served recently; titles waiting; a bulk job;
    // one office suspended with its reassignment requests still pending; one deadline overdue.
    private async Task FinalPhaseAsync(int n)
    {
        await RegisterAsync("liege-b", Liege, 10, "bailiff-liege-b-1");
        await _s.PollRemindersAsync();
        foreach (var (name, office) in new[] { ("served-overdue", "liege-a"), ("accepted-1", "liege-a"), ("accepted-2", "liege-a"),
            ("liege-b-accepted", "liege-b"), ("liege-b-assigned", "liege-b"), ("assigned-namur", "namur-a") })
        {
            await SubmitAsync(name, ++n, namur: office == "namur-a");
            await PostAsync(_operators, $"/operators/dossiers/{_dossiers[name]}/assignment", new OperatorsApi.Assignment(office, "fixture: chosen office"));
        }
        foreach (var name in new[] { "served-overdue", "accepted-1", "accepted-2" })
        {
            await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers[name]}/acceptance", null);
        }
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["served-overdue"]}/service",
            new ServiceReport(_s.Today, ServiceMode.InPerson, null, "ACT-served-overdue"));
        await PostAsync(Bailiff("liege-b"), $"/bailiff/dossiers/{_dossiers["liege-b-accepted"]}/acceptance", null);
        await _s.PollMessagesAsync();

        _s.Clock.Advance(TimeSpan.FromDays(1));
        foreach (var (name, office) in new[] { ("served", "liege-a"), ("assigned-1", "liege-a"), ("assigned-2", "liege-a"), ("accepted-late", "liege-a") })
        {
            await SubmitAsync(name, ++n);
            await PostAsync(_operators, $"/operators/dossiers/{_dossiers[name]}/assignment", new OperatorsApi.Assignment(office, "fixture: chosen office"));
        }
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["served"]}/acceptance", null);
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["served"]}/service", new ServiceReport(_s.Today, ServiceMode.InPerson, null, "ACT-served"));
        await SubmitAsync("manual-foreign", ++n, country: "NL");
        await SubmitAsync("manual-unknown-postcode", ++n, postalCode: "4999");
        await SubmitAsync("awaiting-1", ++n);
        await SubmitAsync("awaiting-2", ++n);
        await BulkAsync(++n);
        await _s.PollMessagesAsync();

        // Left pending: the acceptance's message to the office, and the suspended office's reassignment requests.
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{_dossiers["accepted-late"]}/acceptance", null);
        var status = await _operators.PutAsJsonAsync("/operators/bailiffs/liege-b/status", new OperatorsApi.OfficeStatus(BailiffStatus.Suspended), Json, Ct);
        await ExpectAsync(status, HttpStatusCode.OK);

        // The clock stops just after the earliest pending deadline: exactly one is overdue.
        var view = await ViewAsync(_operators, $"/operators/dossiers/{_dossiers["served-overdue"]}");
        var due = view.KeyDates.Single(k => k.Name == DossierReminders.Executable).DueAt;
        _s.Clock.SetUtcNow(due.AddMinutes(1));
        await using var db = NpgsqlDataSource.Create(_s.Api.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT string_agg(grain_id || ' ' || name || ' ' || due_at, ', ') FROM reminders WHERE due_at <= $1");
        cmd.Parameters.AddWithValue(_s.Clock.GetUtcNow());
        var overdue = (string)(await cmd.ExecuteScalarAsync(Ct))!;
        Assert.True(overdue.StartsWith($"{_dossiers["served-overdue"]} {DossierReminders.Executable} ", StringComparison.Ordinal)
            && !overdue.Contains(',', StringComparison.Ordinal), overdue);
    }

    private async Task UsersAsync()
    {
        async Task<HttpClient> Add(string key, string role, OrganisationKind kind, string organisation)
        {
            var user = await _s.Api.UserAsync(role, kind, organisation);
            _users[key] = user.Id;
            return _s.Api.ClientFor(user);
        }
        _onss = await Add("onss", Roles.OnssAgent, OrganisationKind.Onss, "onss");
        _operators = await Add("operator", Roles.Operator, OrganisationKind.Concessionaire, "concessionaire");
        await Add("security", Roles.SecurityCoordinator, OrganisationKind.Concessionaire, "concessionaire");
        _bailiffs["liege-a"] = await Add("bailiff-liege-a-1", Roles.Bailiff, OrganisationKind.BailiffOffice, "liege-a");
        await Add("bailiff-liege-a-2", Roles.BailiffClerk, OrganisationKind.BailiffOffice, "liege-a");
        _bailiffs["liege-b"] = await Add("bailiff-liege-b-1", Roles.Bailiff, OrganisationKind.BailiffOffice, "liege-b");
        _bailiffs["namur-a"] = await Add("bailiff-namur-a-1", Roles.Bailiff, OrganisationKind.BailiffOffice, "namur-a");
    }

    private HttpClient Bailiff(string office) => _bailiffs[office];

    private async Task RegisterAsync(string office, string arrondissement, int capacity, params string[] users)
    {
        var response = await _operators.PutAsJsonAsync($"/operators/bailiffs/{office}",
            new BailiffRegistration($"Étude {office}", $"CH-{office}", arrondissement, capacity, [.. users.Select(u => _users[u].ToString())]), Json, Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    private static Debtor DebtorFor(int n, bool namur, string country, string? postalCode) => new(
        "Debiteur" + n, "Prénom" + n, Niss(600 + n), "Rue du Fixture", n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        postalCode ?? (namur ? "5000" : "4000"), namur ? "Namur" : "Liège", "BE68539007547034") { };

    private async Task SubmitAsync(string name, int n, bool namur = false, string country = "BE", string? postalCode = null)
    {
        var debtor = DebtorFor(n, namur, country, postalCode);
        var title = Contrainte($"ONSS-2026-R1-{n:D2}", debtor, 300_000 + n * 1_000) with
        {
            Debtor = debtor.ToSubmission() with { Address = debtor.ToSubmission().Address with { Country = country } },
        };
        _dossiers[name] = await _s.SubmitAsync(_onss, title);
    }

    private async Task BulkAsync(int n)
    {
        var good1 = Contrainte($"ONSS-2026-R1-{n:D2}", DebtorFor(n, false, "BE", null));
        var good2 = Contrainte($"ONSS-2026-R1-{n + 1:D2}", DebtorFor(n + 1, false, "BE", null));
        var lines = new[]
        {
            JsonSerializer.Serialize(good1, Json),
            JsonSerializer.Serialize(good2, Json),
            JsonSerializer.Serialize(good1, Json),
            """{"reference":"ONSS-2026-R1-BAD","titleKind":"Contrainte"}""",
        };
        var (results, _, _) = await BulkIntake.PostAsync(_onss, BulkIntake.Ndjson(string.Join('\n', lines) + "\n"));
        Assert.Equal(["accepted", "accepted", "duplicate", "rejected"], results.Select(BulkIntake.Outcome));
        _dossiers["bulk-1"] = results[0].GetProperty("dossierId").GetString()!;
        _dossiers["bulk-2"] = results[1].GetProperty("dossierId").GetString()!;
    }

    private async Task PayAllAsync(string name)
    {
        var id = _dossiers[name];
        var before = await ViewAsync(_operators, $"/operators/dossiers/{id}");
        await PostAsync(_onss, $"/onss/dossiers/{id}/payments", new PaymentReport(100_000, _s.Today, PaymentSource.Onss, "PAY-" + name));
        await PostAsync(Bailiff("liege-a"), $"/bailiff/dossiers/{id}/payments",
            new PaymentReport(before.Amounts.BalanceCents - 100_000, _s.Today, PaymentSource.Bailiff, "REC-" + name));
    }

    private static async Task AttachAsync(HttpClient client, string path, string text)
    {
        var pdf = new ByteArrayContent([.. "%PDF-1.7\n1 0 obj <<>> endobj\n"u8, .. System.Text.Encoding.UTF8.GetBytes(text), .. "\n%%EOF\n"u8]);
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await ExpectAsync(await client.PostAsync(path, pdf, Ct), HttpStatusCode.OK);
    }
}
