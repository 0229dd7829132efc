using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using P4Orleans.Law;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Browser.Tests;

/// <summary>
/// ONSS's and the Operators' acts on the dossier page in a real chromium: a payment received by ONSS, payment terms granted
/// and ended, the judgment on an opposition, communications sent, retried, abandoned and acknowledged, the debtor shown,
/// documents downloaded; the refusals of bad input on the page with nothing written.
/// </summary>
public sealed partial class ConsoleDossierActionsBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private readonly ConsoleData _data = new(gateway);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Today => Day(ConsoleData.Today);

    private IDossierGrain Dossier(string id) => gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IDossierGrain>(id);

    /// <summary>A user of <paramref name="role"/> (an ONSS agent or an Operator), signed in, on the dossier's page.</summary>
    private async Task<(BrowserSession Browser, User User)> AtDossierAsync(string dossierId, string role, [CallerMemberName] string test = "")
    {
        var user = role == Roles.OnssAgent
            ? await gateway.UserAsync(OrganisationKind.Onss, "onss", Roles.OnssAgent)
            : await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        var browser = await BrowserSession.OpenAsync(gateway, test);
        await browser.SignInAsync(user.Id);
        Assert.Equal(200, (await browser.GoAsync("/console/dossiers/" + dossierId)).Status);
        return (browser, user);
    }

    [Fact]
    public async Task an_onss_agent_records_a_payment_received_and_the_ledger_shows_it()
    {
        var id = await _data.ServedAsync("office-da-p", ConsoleData.Reference("DAP"));
        var (browser, agent) = await AtDossierAsync(id, Roles.OnssAgent);
        await using var _ = browser;
        // ONSS's forms only: no judgment, no communication to send (the Operators' acts).
        Assert.Equal((0, 0), (await browser.Page.Locator("#judgment-form").CountAsync(), await browser.Page.Locator("#send-form").CountAsync()));

        await browser.Page.FillAsync("#onss-payment-amount", "1.250,40");
        await browser.Page.FillAsync("#onss-payment-date", Today);
        await browser.Page.FillAsync("#onss-payment-reference", "EXTRAIT-" + id[..8]);
        var paid = await browser.ClickAsync("record-payment");

        Assert.Equal(200, paid.Status);
        Assert.EndsWith("/console/dossiers/" + id, browser.Page.Url, StringComparison.Ordinal);
        var view = await Dossier(id).GetAsync();
        Assert.Equal(125_040, view.Amounts.PaidCents);
        Assert.Contains(view.Amounts.Entries, e => e.Kind == LedgerEntryKind.Payment);
        Assert.Equal(1, await browser.Page.Locator("#ledger tbody tr").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("1\\s250,40") }).CountAsync());
        Assert.Equal(1, await CommandsAuditedAsync(agent.Id, id, "ok:302", "record-payment"));
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task an_onss_agent_grants_a_payment_plan_the_page_shows_it_then_ends_it()
    {
        var id = await _data.ServedAsync("office-da-plan", ConsoleData.Reference("DAPL"));
        var (browser, agent) = await AtDossierAsync(id, Roles.OnssAgent);
        await using var _ = browser;
        Assert.Equal(0, await browser.Page.Locator("#plan-end-form").CountAsync());

        await browser.Page.FillAsync("#plan-granted-on", Today);
        await browser.Page.FillAsync("#plan-instalments", "6");
        await browser.Page.FillAsync("#plan-instalment-amount", "550");
        await browser.Page.FillAsync("#plan-first-due", Day(ConsoleData.Today.AddDays(30)));
        var granted = await browser.ClickAsync("grant-plan");

        Assert.Equal(200, granted.Status);
        Assert.Equal(DossierStatus.PaymentPlan, (await _data.SummaryAsync(id)).Status);
        var plan = (await Dossier(id).GetAsync()).PaymentPlan;
        Assert.Equal((6, 55_000L, true), (plan!.Terms.Instalments, plan.Terms.InstalmentCents, plan.Active));
        Assert.Contains("en cours", await browser.Page.TextContentAsync("#plan-state"), StringComparison.Ordinal);
        Assert.Contains("550,00", await browser.Page.TextContentAsync("#plan"), StringComparison.Ordinal);
        // A plan runs: no second one offered, its end is.
        Assert.Equal((0, 1), (await browser.Page.Locator("#plan-form").CountAsync(), await browser.Page.Locator("#plan-end-form").CountAsync()));

        await browser.Page.SelectOptionAsync("#plan-end-reason", nameof(PaymentPlanEnd.Defaulted));
        await browser.Page.FillAsync("#plan-end-date", Today);
        var ended = await browser.ClickAsync("end-plan");

        Assert.Equal(200, ended.Status);
        plan = (await Dossier(id).GetAsync()).PaymentPlan;
        Assert.Equal((false, PaymentPlanEnd.Defaulted), (plan!.Active, plan.EndedBy));
        Assert.NotEqual(DossierStatus.PaymentPlan, (await _data.SummaryAsync(id)).Status);
        Assert.Contains("Non respecté", await browser.Page.TextContentAsync("#plan-state"), StringComparison.Ordinal);
        Assert.Equal(2, await CommandsAuditedAsync(agent.Id, id, "ok:302", "grant-payment-plan", "end-payment-plan"));
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task an_operator_records_the_judgment_on_an_opposition_and_the_page_shows_it()
    {
        var id = await _data.ServedAsync("office-da-j", ConsoleData.Reference("DAJ"));
        await Dossier(id).ReportOppositionAsync("office-da-j", new OppositionReport(OppositionKind.Summons, ConsoleData.Today, "Tribunal du travail de Liège"));
        var (browser, operatorUser) = await AtDossierAsync(id, Roles.Operator);
        await using var _ = browser;
        Assert.Contains("Tribunal du travail de Liège", await browser.Page.TextContentAsync("#opposition"), StringComparison.Ordinal);

        await browser.Page.SelectOptionAsync("#judgment-outcome", nameof(JudgmentOutcome.Reduced));
        await browser.Page.FillAsync("#judgment-date", Today);
        await browser.Page.FillAsync("#judgment-reduced-to", "2 000,00");
        var judged = await browser.ClickAsync("record-judgment");

        Assert.Equal(200, judged.Status);
        var opposition = (await Dossier(id).GetAsync()).Opposition;
        Assert.Equal((JudgmentOutcome.Reduced, 200_000L), (opposition!.Outcome, opposition.ReducedToCents));
        Assert.NotEqual(DossierStatus.Opposed, (await _data.SummaryAsync(id)).Status);
        Assert.Contains("Réduit", await browser.Page.TextContentAsync("#judgment"), StringComparison.Ordinal);
        Assert.Equal(0, await browser.Page.Locator("#judgment-form").CountAsync());
        Assert.Equal(1, await CommandsAuditedAsync(operatorUser.Id, id, "ok:302", "record-judgment"));
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task an_operator_sees_the_debtor_and_an_onss_agent_the_debtor_its_view_carries_and_each_view_is_audited_as_the_apis()
    {
        var id = await _data.SubmitAsync(ConsoleData.Reference("DAD"));
        var (browser, operatorUser) = await AtDossierAsync(id, Roles.Operator);
        await using (browser)
        {
            Assert.Equal("Vandermeulen, Jean", await browser.Page.TextContentAsync("#debtor-name"));
            Assert.Equal("85073003328", await browser.Page.TextContentAsync("#debtor-identifier"));
            Assert.Contains("Rue des Guillemins 12, 4000 Commune (BE)", await browser.Page.TextContentAsync("#debtor-address"), StringComparison.Ordinal);
            // Never in the address of the page.
            Assert.DoesNotContain("85073003328", browser.Page.Url, StringComparison.Ordinal);
            Assert.Empty(browser.ConsoleErrors());
        }
        var (onssBrowser, agent) = await AtDossierAsync(id, Roles.OnssAgent);
        await using (onssBrowser)
        {
            Assert.Equal("85073003328", await onssBrowser.Page.TextContentAsync("#debtor-identifier"));
        }
        // The page's entry is the API's GET entry: the same action, resource and outcome, no other detail.
        using var api = _data.ApiClient(operatorUser.Id);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync("/operators/dossiers/" + id, Ct)).StatusCode);
        var entries = await EntriesAsync(id, "dossier.read");
        Assert.Equal(2, entries.Count(e => e.User == operatorUser.Id));
        Assert.Single(entries.Where(e => e.User == operatorUser.Id).Select(e => (e.Resource, e.Outcome, e.Details)).Distinct());
        Assert.Contains(entries, e => e.User == agent.Id && e.Outcome == "ok:200" && e.Details is null);
    }

    [Fact]
    public async Task an_operator_and_an_onss_agent_download_a_document_with_the_same_bytes_as_attached_and_each_download_is_audited()
    {
        var id = await _data.SubmitAsync(ConsoleData.Reference("DADOC"));
        var content = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% titre scanné " + id + "\n%%EOF\n");
        using var onss = await _data.OnssClientAsync();
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        using var uploaded = System.Text.Json.JsonDocument.Parse(await (await onss.PostAsync($"/onss/dossiers/{id}/documents", body, Ct)).Content.ReadAsStringAsync(Ct));
        var documentId = uploaded.RootElement.GetProperty("documentId").GetString();

        foreach (var role in new[] { Roles.Operator, Roles.OnssAgent })
        {
            var (browser, user) = await AtDossierAsync(id, role);
            await using var _ = browser;
            var download = await browser.Page.RunAndWaitForDownloadAsync(() => browser.Page.ClickAsync("#download-" + documentId));
            Assert.Equal(content, await File.ReadAllBytesAsync(await download.PathAsync(), Ct));
            Assert.Equal("ScannedTitle-" + documentId, download.SuggestedFilename);
            Assert.Contains(await EntriesAsync(id, "dossier.download-document"), e => e.User == user.Id && e.Outcome == "ok:200");
            Assert.Empty(browser.ConsoleErrors());
        }
    }

    /// <summary>An enterprise's dossier (its communications go by eBox, which fails in this gateway: see BrowserGateway).</summary>
    private async Task<string> EnterpriseAsync(string reference)
    {
        var title = ConsoleData.Contrainte(reference) with
        {
            Debtor = new DebtorSubmission(PersonKind.Legal, "0403170701", "Brasserie d'Exemple SA", null,
                new PostalAddress("Quai de la Batte", "3", null, "4000", "Liège", "BE")),
        };
        return (await gateway.Services.GetRequiredService<IntakeService>().SubmitAsync(title, Ct)).DossierId;
    }

    /// <summary>Sends a communication from the page; its row's id.</summary>
    private static async Task<string> SendAsync(BrowserSession browser, string subject)
    {
        await browser.Page.SelectOptionAsync("#send-kind", nameof(CommunicationKind.FormalNotice));
        await browser.Page.FillAsync("#send-subject", subject);
        await browser.Page.FillAsync("#send-body", "Nous vous mettons en demeure de payer 3 250,00 EUR.");
        Assert.Equal(200, (await browser.ClickAsync("send-communication")).Status);
        return (await browser.Page.Locator("#communications tr.communication").First.GetAttributeAsync("data-communication"))!;
    }

    private async Task<List<(Guid? User, string? Resource, string Outcome, string? Details)>> EntriesAsync(string dossierId, string action)
    {
        var db = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = db.CreateCommand("SELECT user_id, resource, outcome, details FROM audit_log WHERE dossier_id = $1 AND action = $2 ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = action });
        var list = new List<(Guid?, string?, string, string?)>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            list.Add((r.IsDBNull(0) ? null : r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        }
        return list;
    }

    /// <summary>How many dossier.read entries of the user on the dossier have this outcome and one of these commands.</summary>
    private async Task<int> CommandsAuditedAsync(Guid user, string dossierId, string outcome, params string[] commands) =>
        (await EntriesAsync(dossierId, "dossier.read")).Count(e => e.User == user && e.Outcome == outcome
            && commands.Any(c => e.Details == $"{{\"command\":\"{c}\"}}"));
}
