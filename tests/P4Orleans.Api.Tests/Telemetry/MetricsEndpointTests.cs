using System.Net;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Telemetry;

/// <summary>The Prometheus scrape endpoint of the gateway (/ops/metrics, behind Ops) and what it exports.</summary>
[Collection(nameof(MetricsAlone))]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task only_ops_scrape_the_metrics()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _s.Api.CreateClient().GetAsync("/ops/metrics", Ct)).StatusCode);
        foreach (var other in new[] { await _s.OperatorAsync(), await _s.OnssAsync(), await _s.AuditorAsync(),
                     _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "office-1")) })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/ops/metrics", Ct)).StatusCode);
        }

        var ops = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));
        var response = await ops.GetAsync("/ops/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_platforms_counters_rise_after_a_title_a_dispatch_and_a_deadline_applied()
    {
        var ops = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var before = await ScrapeAsync(ops);

        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-METRICS-1"));
        var refused = await onss.PostAsync("/onss/dossiers", System.Net.Http.Json.JsonContent.Create(
            Contrainte("ONSS-METRICS-2") with { Amounts = [] }, options: Json), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await _s.RegisterOfficeAsync(operators, "liege-metrics");
        Assert.Equal(1, (await _s.DispatchAsync()).Assigned);
        var acceptance = Assert.Single((await ViewAsync(operators, $"/operators/dossiers/{id}")).KeyDates,
            k => k.Name == DossierReminders.AcceptanceDeadline);
        _s.Clock.SetUtcNow(acceptance.DueAt.AddMinutes(10));
        Assert.True(await _s.PollRemindersAsync() >= 1);

        var after = await ScrapeAsync(ops);
        Assert.True(Rise(before, after, "p4orleans_titles_received_total", ("channel", "single")) >= 2);
        Assert.True(Rise(before, after, "p4orleans_titles_accepted_total", ("channel", "single"), ("duplicate", "false")) >= 1);
        Assert.True(Rise(before, after, "p4orleans_titles_rejected_total", ("channel", "single")) >= 1);
        Assert.True(Rise(before, after, "p4orleans_dispatch_decisions_total", ("decision", "automatic")) >= 1);
        Assert.True(Rise(before, after, "p4orleans_deadlines_applied_total", ("deadline", DossierReminders.AcceptanceDeadline)) >= 1);
        Assert.True(Rise(before, after, "p4orleans_catchup_wakeups_total") >= 1);
        Assert.True(Rise(before, after, "p4orleans_audit_appends_total") >= 1);
        // The deadline was applied ten minutes after it fell due: the histogram holds a sample of 600 s (bucket up to 900 s).
        Assert.True(Rise(before, after, "p4orleans_deadlines_lateness_seconds_count", ("deadline", DossierReminders.AcceptanceDeadline)) >= 1);
        Assert.True(Rise(before, after, "p4orleans_deadlines_lateness_seconds_sum", ("deadline", DossierReminders.AcceptanceDeadline)) >= 600);
        Assert.True(Rise(before, after, "p4orleans_deadlines_lateness_seconds_bucket", ("deadline", DossierReminders.AcceptanceDeadline), ("le", "900")) >= 1);
    }

    [Fact]
    public async Task the_scrape_carries_the_frameworks_meters_and_no_personal_data_in_any_label()
    {
        var debtor = new Debtor("Vanderschrick", "Amélie", Niss(611), "Rue des Guillemins", "12", "4000", "Liège", "BE68539007547034");
        var onss = await _s.OnssAsync();
        var ops = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-METRICS-PII-1", debtor));
        await onss.GetAsync($"/onss/dossiers/{id}", Ct);
        // A conflicting resubmission and a bad one, each carrying the person.
        await onss.PostAsync("/onss/dossiers", System.Net.Http.Json.JsonContent.Create(Contrainte("ONSS-METRICS-PII-1", debtor, 1_000), options: Json), Ct);
        await onss.PostAsync("/onss/dossiers", System.Net.Http.Json.JsonContent.Create(
            Contrainte("ONSS-METRICS-PII-2", debtor with { Niss = "12345678901" }), options: Json), Ct);

        var scrape = await ScrapeAsync(ops);
        var names = scrape.Samples().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        // ASP.NET Core, the runtime, Npgsql and Orleans export next to the platform's own.
        Assert.Contains("http_server_request_duration_seconds_count", names);
        Assert.Contains(names, n => n.StartsWith("dotnet_", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("db_client_", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("orleans_", StringComparison.Ordinal));

        var forbidden = new[] { debtor.Name, debtor.FirstNames, debtor.Niss, "12345678901", debtor.Iban, debtor.Street, "ONSS-METRICS-PII", id };
        foreach (var (name, labels, _) in scrape.Samples())
        {
            foreach (var (key, value) in labels)
            {
                Assert.DoesNotContain(forbidden, f => value.Contains(f, StringComparison.OrdinalIgnoreCase) || key.Contains(f, StringComparison.OrdinalIgnoreCase));
            }
            Assert.DoesNotContain(forbidden, f => name.Contains(f, StringComparison.OrdinalIgnoreCase));
        }
        // The routes are templates, never the dossier's path.
        Assert.Contains(scrape.Samples(), s => s.Labels.TryGetValue("http_route", out var route) && route == "/onss/dossiers/{dossierId}");
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient ops)
    {
        var response = await ops.GetAsync("/ops/metrics", Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
        return new Scrape(await response.Content.ReadAsStringAsync(Ct));
    }

    private static double Rise(Scrape before, Scrape after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}

/// <summary>
/// OpenTelemetry listens to meters by name across the whole process, so the gateways of tests running beside these
/// (each with its own "P4Orleans" meter, created and disposed with its host) would move the figures read between two
/// scrapes: the metrics tests run alone.
/// </summary>
[CollectionDefinition(nameof(MetricsAlone), DisableParallelization = true)]
public sealed class MetricsAlone;
