using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;

namespace P4Orleans.Browser.Tests;

/// <summary>The console's report pages: remittance statements, the access anomalies, the retention and the yearly report.</summary>
public sealed class ConsoleReportsBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private readonly ConsoleData _data = new(gateway);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ThisMonth => ConsoleData.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => BrowserSession.OpenAsync(gateway, test);

    /// <summary>
    /// Two dossiers of <paramref name="officeId"/> accepted today, and its bailiff's payments reported through the API:
    /// 500.00 and 125.50. No act is charged yet, so nothing is kept: the office owes ONSS 625.50 by the 15th day after the
    /// month's last day.
    /// </summary>
    private async Task CollectedAsync(string officeId, Guid bailiff)
    {
        using var api = _data.ApiClient(bailiff);
        foreach (var (cents, reference) in new[] { (50_000L, "PAY-A"), (12_550L, "PAY-B") })
        {
            var id = await _data.AssignedToAsync(officeId, ConsoleData.Reference("REM"));
            Assert.True((await api.PostAsync($"/bailiff/dossiers/{id}/acceptance", null, Ct)).IsSuccessStatusCode);
            var paid = await api.PostAsJsonAsync($"/bailiff/dossiers/{id}/payments", new
            {
                amountCents = cents,
                date = ConsoleData.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                source = nameof(PaymentSource.Bailiff),
                reference = reference + "-" + id[..6],
            }, Ct);
            Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync(Ct));
        }
    }

    private static DateOnly DueOn => new DateOnly(ConsoleData.Today.Year, ConsoleData.Today.Month, 1).AddMonths(1).AddDays(-1).AddDays(15);

    [Fact]
    public async Task an_operator_reads_an_offices_statement_of_the_month_from_the_roster_with_the_figures_its_bailiff_reported()
    {
        var bailiff = await gateway.UserAsync(OrganisationKind.BailiffOffice, "office-rem-a", Roles.Bailiff);
        await CollectedAsync("office-rem-a", bailiff.Id);
        var user = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(user.Id);

        await browser.ClickAsync("nav-offices");
        await browser.Page.ClickAsync("tr[data-office='office-rem-a'] a");
        await browser.Page.FillAsync("#period", ThisMonth);
        var shown = await browser.ClickAsync("show");

        Assert.Equal(200, shown.Status);
        Assert.Equal("62550", await browser.Page.GetAttributeAsync("#collected", "data-cents"));
        Assert.Equal("0", await browser.Page.GetAttributeAsync("#kept", "data-cents"));
        Assert.Equal("62550", await browser.Page.GetAttributeAsync("#due", "data-cents"));
        Assert.Equal("625,50 €", (await browser.Page.TextContentAsync("#due"))!.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Equal(DueOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), await browser.Page.TextContentAsync("#due-on"));
        Assert.Equal(2, await browser.Page.Locator("#statement-dossiers tbody tr").CountAsync());
        // The month runs: no reconciliation yet, and the page says so.
        Assert.Equal(1, await browser.Page.Locator("#not-closed").CountAsync());
        Assert.Equal(0, await browser.Page.Locator("#reconciliation").CountAsync());
        Assert.Equal("bailiff-office/office-rem-a/" + ThisMonth, await AuditedAsync(user.Id, "finance.statement-read", "ok%"));

        // The Dutch page has the same figures in its language.
        await browser.ClickAsync("lang-nl");
        Assert.Contains("Verschuldigd aan de RSZ", await browser.Page.TextContentAsync("#statement"), StringComparison.Ordinal);

        // Refusals are the API's, on the page: a month that is no period (400), an office nobody registered (404), and a
        // running month in the reconciliations (409).
        Assert.Equal(400, (await browser.GoAsync("/console/offices/office-rem-a/remittances?period=2026-13")).Status);
        Assert.Equal(400, (await browser.GoAsync("/console/offices/office-rem-a/remittances?period=<b>")).Status);
        Assert.Equal(404, (await browser.GoAsync("/console/offices/no-such-office/remittances?period=" + ThisMonth)).Status);
        Assert.Equal(409, (await browser.GoAsync("/console/remittances?period=" + ThisMonth)).Status);
        Assert.Equal(200, (await browser.GoAsync("/console/remittances")).Status);
        Assert.Empty(browser.ConsoleErrors(400, 404, 409));
    }

    [Fact]
    public async Task a_bailiff_sees_their_own_offices_statement_and_another_offices_is_not_found_and_audited()
    {
        var bailiff = await gateway.UserAsync(OrganisationKind.BailiffOffice, "office-rem-b", Roles.Bailiff);
        await CollectedAsync("office-rem-b", bailiff.Id);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(bailiff.Id);

        await browser.ClickAsync("nav-statement");
        await browser.Page.FillAsync("#period", ThisMonth);
        await browser.ClickAsync("show");
        Assert.Equal("62550", await browser.Page.GetAttributeAsync("#due", "data-cents"));

        var other = await browser.GoAsync("/console/office/remittances/office-rem-c?period=" + ThisMonth);

        Assert.Equal(404, other.Status);
        Assert.Equal(0, await browser.Page.Locator("#statement").CountAsync());
        Assert.Contains("office-rem-c", await AuditedAsync(bailiff.Id, "finance.statement-read", "refused:other-office%"), StringComparison.Ordinal);
        // The same answer as a statement of an office that does not exist.
        Assert.Equal(404, (await browser.GoAsync("/console/office/remittances/no-such-office")).Status);
        Assert.Empty(browser.ConsoleErrors(404));
    }

    [Fact]
    public async Task a_coordinator_reads_a_probe_in_the_access_anomalies_follows_its_audit_seq_and_prints_the_yearly_report()
    {
        var prober = await gateway.UserAsync(OrganisationKind.BailiffOffice, "office-rem-probe", Roles.Bailiff);
        await using (var probing = await OpenAsync(nameof(a_coordinator_reads_a_probe_in_the_access_anomalies_follows_its_audit_seq_and_prints_the_yearly_report) + "-bailiff"))
        {
            await probing.SignInAsync(prober.Id);
            Assert.Equal(404, (await probing.GoAsync("/console/office/dossiers/no-such-dossier-probed")).Status);
        }
        await AuditedAsync(prober.Id, "dossier.read", "%:404");
        var coordinator = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.SecurityCoordinator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(coordinator.Id);

        await browser.ClickAsync("nav-anomalies");
        Assert.Equal(0, await browser.Page.Locator("#findings").CountAsync());
        await browser.Page.FillAsync("#from", ConsoleData.Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await browser.Page.FillAsync("#to", ConsoleData.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await browser.ClickAsync("show");

        var probe = browser.Page.Locator($"#findings tr[data-kind='probe'][data-user='{prober.Id}']");
        Assert.Equal(1, await probe.CountAsync());
        var seq = await probe.Locator("a[data-seq]").First.GetAttributeAsync("data-seq");
        await probe.Locator("a[data-seq]").First.ClickAsync();
        await browser.Page.WaitForURLAsync("**/console/audit?afterSeq=*");
        Assert.Equal(seq, await browser.Page.TextContentAsync("#entries tbody tr:first-child td:first-child"));
        Assert.Contains(prober.Id.ToString(), await browser.Page.TextContentAsync("#entries tbody tr:first-child"), StringComparison.Ordinal);
        await AuditedAsync(coordinator.Id, "security.report-access-anomalies", "ok%");

        // A period that ends before it starts, and a half period, are 400 on the page.
        Assert.Equal(400, (await browser.GoAsync("/console/security/anomalies?from=2026-05-02&to=2026-05-01")).Status);
        Assert.Equal(400, (await browser.GoAsync("/console/security/anomalies?from=2026-05-02")).Status);
        Assert.Equal(400, (await browser.GoAsync("/console/security/anomalies?from=not-a-date&to=2026-05-01")).Status);
        Assert.Equal(400, (await browser.GoAsync("/console/audit?from=2026-05-02T00:00&to=2026-05-01T00:00")).Status);
        Assert.Equal("Un filtre n'est pas valable.", await browser.Page.TextContentAsync("#message"));

        // The coordinator's own section holds markup-like text: the page shows it as text.
        var year = ConsoleData.Today.Year.ToString(CultureInfo.InvariantCulture);
        using (var api = _data.ApiClient(coordinator.Id))
        {
            var written = await api.PutAsJsonAsync($"/security/reports/yearly/{year}/statement",
                new { statement = "<script>alert(1)</script> <b>bold</b> & **stars**" }, Ct);
            Assert.True(written.IsSuccessStatusCode, await written.Content.ReadAsStringAsync(Ct));
        }
        await browser.ClickAsync("nav-yearly");
        var report = await browser.Page.TextContentAsync("pre#report");
        Assert.StartsWith("#", report!.TrimStart(), StringComparison.Ordinal);
        Assert.Contains(year, report, StringComparison.Ordinal);
        // Nothing of the Markdown is markup: the pre holds text only.
        Assert.Equal(0, await browser.Page.Locator("pre#report *").CountAsync());
        Assert.Contains("<script>alert(1)</script> <b>bold</b> & **stars**", report, StringComparison.Ordinal);
        await AuditedAsync(coordinator.Id, "security.report-yearly", "ok%");
        // On paper the report prints alone.
        await browser.Page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Print });
        Assert.False(await browser.Page.Locator("header").IsVisibleAsync());
        Assert.True(await browser.Page.Locator("pre#report").IsVisibleAsync());
        await browser.Page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Screen });
        Assert.Equal(400, (await browser.GoAsync("/console/security/yearly?year=" + (ConsoleData.Today.Year + 1).ToString(CultureInfo.InvariantCulture))).Status);
        Assert.Equal(400, (await browser.GoAsync("/console/security/yearly?year=abc")).Status);
        Assert.Empty(browser.ConsoleErrors(400));
    }

    [Fact]
    public async Task a_data_protection_manager_reads_the_retention_report_and_other_roles_neither_see_nor_open_the_security_reports()
    {
        var dpo = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.DataProtectionManager);
        await using (var browser = await OpenAsync())
        {
            await browser.SignInAsync(dpo.Id);
            await browser.ClickAsync("nav-retention");
            Assert.Equal(ConsoleData.Today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), await browser.Page.TextContentAsync("#as-of"));
            foreach (var total in new[] { "#done-count", "#due-count", "#blocked-count" })
            {
                Assert.Matches("^[0-9]+$", (await browser.Page.TextContentAsync(total))!);
            }
            Assert.Contains("Conservation", await browser.Page.TextContentAsync("h1"), StringComparison.Ordinal);
            await AuditedAsync(dpo.Id, "security.report-retention", "ok%");
            Assert.Empty(browser.ConsoleErrors());
        }

        var operatorUser = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var other = await OpenAsync(nameof(a_data_protection_manager_reads_the_retention_report_and_other_roles_neither_see_nor_open_the_security_reports) + "-operator");
        await other.SignInAsync(operatorUser.Id);
        Assert.Equal(0, await other.Page.Locator("#nav-anomalies, #nav-retention, #nav-yearly, #nav-infractions, #nav-statement").CountAsync());
        foreach (var path in new[] { "/console/security/anomalies", "/console/security/infractions", "/console/security/retention", "/console/security/yearly",
                     "/console/office/remittances" })
        {
            Assert.Equal(403, (await other.GoAsync(path)).Status);
        }
        Assert.Empty(other.ConsoleErrors(403));
    }

    /// <summary>The resource of the newest audit entry of <paramref name="user"/> for an action and outcome (bounded wait).</summary>
    private async Task<string> AuditedAsync(Guid user, string action, string outcomeLike)
    {
        var db = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using var cmd = db.CreateCommand(
                "SELECT coalesce(resource, '') FROM audit_log WHERE user_id = $1 AND action = $2 AND outcome LIKE $3 ORDER BY seq DESC LIMIT 1");
            cmd.Parameters.Add(new NpgsqlParameter { Value = user });
            cmd.Parameters.Add(new NpgsqlParameter { Value = action });
            cmd.Parameters.Add(new NpgsqlParameter { Value = outcomeLike });
            if (await cmd.ExecuteScalarAsync(Ct) is string resource)
            {
                return resource;
            }
            await Task.Delay(50, Ct);
        }
        throw new TimeoutException($"No audit entry {action} {outcomeLike} of {user}.");
    }
}
