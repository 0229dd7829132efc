using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;

namespace P4Orleans.Browser.Tests;

/// <summary>
/// An office's acts on its dossier page in a real chromium: seizures, payments collected, oppositions, documents; what a
/// clerk may do; the refusals of bad input on the page; another office's dossier "not found" in every form's post.
/// </summary>
public sealed partial class ConsoleActsBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private readonly ConsoleData _data = new(gateway);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Today => Day(ConsoleData.Today);

    /// <summary>A PDF's first bytes, then bytes of this test: what the store sniffs as application/pdf.</summary>
    private static byte[] Pdf(string text) => System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + "\n%%EOF\n");

    private IDossierGrain Dossier(string id) => gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IDossierGrain>(id);

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => BrowserSession.OpenAsync(gateway, test);

    /// <summary>A user of <paramref name="officeId"/> with <paramref name="role"/>, signed in, on the office's page of the dossier.</summary>
    private async Task<(BrowserSession Browser, User User)> AtDossierAsync(string officeId, string dossierId, string role, string test)
    {
        var user = await gateway.UserAsync(OrganisationKind.BailiffOffice, officeId, role);
        var browser = await BrowserSession.OpenAsync(gateway, test);
        await browser.SignInAsync(user.Id);
        Assert.Equal(200, (await browser.GoAsync("/console/office/dossiers/" + dossierId)).Status);
        return (browser, user);
    }

    [Fact]
    public async Task a_bailiff_reports_a_seizure_and_a_payment_and_the_dossier_pages_show_them_the_operators_ledger_too()
    {
        var id = await _data.ServedAsync("office-acts-a", ConsoleData.Reference("ACTA"));
        var (browser, bailiff) = await AtDossierAsync("office-acts-a", id, Roles.Bailiff, nameof(a_bailiff_reports_a_seizure_and_a_payment_and_the_dossier_pages_show_them_the_operators_ledger_too));
        await using (browser)
        {
            // Served today: only a conservatory seizure (the command to pay has not expired); the page offers both, the dossier decides.
            await browser.Page.SelectOptionAsync("#seizure-kind", nameof(SeizureKind.Garnishment));
            await browser.Page.SelectOptionAsync("#seizure-nature", nameof(SeizureNature.Conservatory));
            await browser.Page.FillAsync("#seizure-date", Today);
            await browser.Page.FillAsync("#seizure-act", "PV-2026-17");
            await browser.Page.FillAsync("#seizure-asset-1", "Compte courant auprès de la banque du débiteur");
            await browser.Page.FillAsync("#seizure-asset-value-1", "2 500,00");
            await browser.Page.FillAsync("#seizure-asset-2", "Véhicule");
            var seized = await browser.ClickAsync("report-seizure");

            Assert.Equal(200, seized.Status);
            Assert.EndsWith("/console/office/dossiers/" + id, browser.Page.Url, StringComparison.Ordinal);
            Assert.Contains("Saisie-arrêt", await browser.Page.TextContentAsync("#seizures"), StringComparison.Ordinal);
            var seizure = Assert.Single((await Dossier(id).GetForOfficeAsync("office-acts-a")).Seizures);
            Assert.Equal(SeizureNature.Conservatory, seizure.Nature);
            Assert.Equal(new (string, long?)[] { ("Compte courant auprès de la banque du débiteur", 250_000), ("Véhicule", null) },
                Assert.IsAssignableFrom<IEnumerable<SeizableAsset>>(seizure.Assets).Select(a => (a.Description, a.EstimatedValueCents)));

            await browser.Page.FillAsync("#payment-amount", "1 234,56");
            await browser.Page.FillAsync("#payment-date", Today);
            await browser.Page.FillAsync("#payment-reference", "REC-" + id[..8]);
            var paid = await browser.ClickAsync("report-payment");

            Assert.Equal(200, paid.Status);
            Assert.Equal(123_456, (await Dossier(id).GetAsync()).Amounts.PaidCents);
            Assert.Contains("1 234,56 €", Spaces(await browser.Page.TextContentAsync("#ledger")), StringComparison.Ordinal);
            Assert.Contains("1 234,56 €", Spaces(await browser.Page.TextContentAsync("#amounts")), StringComparison.Ordinal);
            Assert.Equal(2, await CommandsAuditedAsync(bailiff.Id, id, "dossier.read", "ok:302", "report-seizure", "record-payment"));
            Assert.Empty(browser.ConsoleErrors());
        }

        var operatorUser = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var operatorBrowser = await OpenAsync();
        await operatorBrowser.SignInAsync(operatorUser.Id);
        await operatorBrowser.GoAsync("/console/dossiers/" + id);
        Assert.Equal(1, await operatorBrowser.Page.Locator("#ledger tbody tr").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("1\\s234,56") }).CountAsync());
        Assert.Contains("Saisie-arrêt", await operatorBrowser.Page.TextContentAsync("#seizures"), StringComparison.Ordinal);
        Assert.Empty(operatorBrowser.ConsoleErrors());
    }

    [Fact]
    public async Task an_opposition_reported_shows_the_opposed_status_with_execution_suspended_in_both_languages()
    {
        var id = await _data.ServedAsync("office-acts-o", ConsoleData.Reference("ACTO"));
        var (browser, bailiff) = await AtDossierAsync("office-acts-o", id, Roles.Bailiff, nameof(an_opposition_reported_shows_the_opposed_status_with_execution_suspended_in_both_languages));
        await using var _ = browser;
        Assert.Equal("Signifié", await browser.Page.TextContentAsync("#status"));

        await browser.Page.SelectOptionAsync("#opposition-kind", nameof(OppositionKind.Summons));
        await browser.Page.FillAsync("#opposition-filed-on", Today);
        await browser.Page.FillAsync("#opposition-court", "Tribunal du travail de Liège");
        var opposed = await browser.ClickAsync("report-opposition");

        Assert.Equal(200, opposed.Status);
        Assert.Equal("Opposition", await browser.Page.TextContentAsync("#status"));
        Assert.Equal(DossierStatus.Opposed, (await _data.SummaryAsync(id)).Status);
        // Execution is suspended: no second opposition, the executable date cancelled; a conservatory seizure stays possible.
        Assert.Equal(0, await browser.Page.Locator("#opposition-form").CountAsync());
        Assert.Equal(1, await browser.Page.Locator("#seizure-form").CountAsync());
        Assert.Equal(1, await browser.Page.Locator("#timeline .deadline[data-deadline=executable]", new() { HasText = "annulée" }).CountAsync());
        Assert.Equal(1, await CommandsAuditedAsync(bailiff.Id, id, "dossier.read", "ok:302", "report-opposition"));
        await browser.ClickAsync("lang-nl");
        Assert.Equal("Verzet", await browser.Page.TextContentAsync("#status"));
        Assert.Equal("Beslag melden", await browser.Page.TextContentAsync("#report-seizure"));
        Assert.Equal("Bewarend", await browser.Page.TextContentAsync("#seizure-nature option[value=Conservatory]"));
        Assert.Equal("Document toevoegen", await browser.Page.TextContentAsync("#attach-document"));
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task a_document_attached_is_listed_and_downloads_with_the_same_bytes()
    {
        var id = await _data.ServedAsync("office-acts-d", ConsoleData.Reference("ACTD"));
        var (browser, bailiff) = await AtDossierAsync("office-acts-d", id, Roles.Bailiff, nameof(a_document_attached_is_listed_and_downloads_with_the_same_bytes));
        await using var _ = browser;
        var content = Pdf("exploit de signification " + id);

        await browser.Page.SelectOptionAsync("#document-kind", nameof(DocumentKind.ServiceWrit));
        await browser.Page.SetInputFilesAsync("#document-file", new FilePayload { Name = "exploit.pdf", MimeType = "application/pdf", Buffer = content });
        var attached = await browser.ClickAsync("attach-document");

        Assert.Equal(200, attached.Status);
        Assert.EndsWith("/console/office/dossiers/" + id, browser.Page.Url, StringComparison.Ordinal);
        var document = Assert.Single((await Dossier(id).GetForOfficeAsync("office-acts-d")).Documents);
        Assert.Equal(DocumentKind.ServiceWrit, document.Kind);
        Assert.Equal(content.Length, document.SizeBytes);
        Assert.Contains("ServiceWrit", await browser.Page.TextContentAsync("#documents"), StringComparison.Ordinal);

        var download = await browser.Page.RunAndWaitForDownloadAsync(() => browser.Page.ClickAsync("#download-" + document.DocumentId));
        Assert.Equal(content, await File.ReadAllBytesAsync(await download.PathAsync(), Ct));
        Assert.Equal(1, await CommandsAuditedAsync(bailiff.Id, id, "dossier.attach-document", "ok:302", "attach-document"));
        Assert.Equal(1, await AuditedAsync(bailiff.Id, id, "dossier.download-document", "ok:200"));
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task a_clerk_reports_the_acts_the_api_lets_a_clerk_report_and_cannot_read_the_offices_statement()
    {
        var id = await _data.ServedAsync("office-acts-c", ConsoleData.Reference("ACTC"));
        var (browser, clerk) = await AtDossierAsync("office-acts-c", id, Roles.BailiffClerk, nameof(a_clerk_reports_the_acts_the_api_lets_a_clerk_report_and_cannot_read_the_offices_statement));
        await using var _ = browser;

        await browser.Page.FillAsync("#payment-amount", "50");
        await browser.Page.FillAsync("#payment-date", Today);
        await browser.Page.FillAsync("#payment-reference", "CLERK-" + id[..8]);
        Assert.Equal(200, (await browser.ClickAsync("report-payment")).Status);
        await browser.Page.FillAsync("#seizure-date", Today);
        await browser.Page.FillAsync("#seizure-asset-1", "Mobilier du salon");
        Assert.Equal(200, (await browser.ClickAsync("report-seizure")).Status);
        await browser.Page.SetInputFilesAsync("#document-file", new FilePayload { Name = "pv.pdf", MimeType = "application/pdf", Buffer = Pdf("pv " + id) });
        Assert.Equal(200, (await browser.ClickAsync("attach-document")).Status);
        await browser.Page.FillAsync("#opposition-filed-on", Today);
        await browser.Page.FillAsync("#opposition-court", "Tribunal du travail de Liège");
        Assert.Equal(200, (await browser.ClickAsync("report-opposition")).Status);

        var view = await Dossier(id).GetForOfficeAsync("office-acts-c");
        Assert.Equal((DossierStatus.Opposed, 5_000L, 1, 1), (view.Status, (await Dossier(id).GetAsync()).Amounts.PaidCents, view.Seizures.Count, view.Documents.Count));
        // No more than the API lets a clerk: the office's statements are a bailiff's (the menu does not offer them, the page is 403).
        Assert.Equal(0, await browser.Page.Locator("#nav-statement").CountAsync());
        Assert.Equal(403, (await browser.GoAsync("/console/office/remittances")).Status);
        using var api = _data.ApiClient(clerk.Id);
        var period = ConsoleData.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal(403, (int)(await api.GetAsync($"/bailiff/offices/office-acts-c/remittances/{period}", Ct)).StatusCode);
        Assert.Empty(browser.ConsoleErrors(403));
    }

    private static string Spaces(string? text) => (text ?? "").Replace('\u202f', ' ').Replace('\u00a0', ' ');

    /// <summary>How many audit entries of the user on the dossier have this action, outcome and one of these commands.</summary>
    private async Task<int> CommandsAuditedAsync(Guid user, string dossierId, string action, string outcome, params string[] commands)
    {
        var db = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = db.CreateCommand(
            "SELECT count(*) FROM audit_log WHERE user_id = $1 AND dossier_id = $2 AND action = $3 AND outcome = $4 AND details = ANY($5)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = user });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = action });
        cmd.Parameters.Add(new NpgsqlParameter { Value = outcome });
        cmd.Parameters.Add(new NpgsqlParameter { Value = commands.Select(c => $"{{\"command\":\"{c}\"}}").ToArray() });
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    /// <summary>How many audit entries of the user on the dossier have this action and outcome.</summary>
    private async Task<int> AuditedAsync(Guid user, string dossierId, string action, string outcome)
    {
        var db = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = db.CreateCommand("SELECT count(*) FROM audit_log WHERE user_id = $1 AND dossier_id = $2 AND action = $3 AND outcome = $4");
        cmd.Parameters.Add(new NpgsqlParameter { Value = user });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = action });
        cmd.Parameters.Add(new NpgsqlParameter { Value = outcome });
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }
}
