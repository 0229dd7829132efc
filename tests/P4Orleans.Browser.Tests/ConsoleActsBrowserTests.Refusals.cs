using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;

namespace P4Orleans.Browser.Tests;

// Bad input refused on the page with the API's status and nothing written; another office's dossier in every form's post.
public sealed partial class ConsoleActsBrowserTests
{
    [Fact]
    public async Task a_bad_amount_date_or_reference_of_a_payment_is_refused_on_the_page_with_the_apis_status_and_changes_nothing()
    {
        var id = await _data.ServedAsync("office-acts-p", ConsoleData.Reference("ACTP"));
        var (browser, _) = await AtDossierAsync("office-acts-p", id, Roles.Bailiff, nameof(a_bad_amount_date_or_reference_of_a_payment_is_refused_on_the_page_with_the_apis_status_and_changes_nothing));
        await using var _b = browser;
        var cases = new (string Amount, string Date, string Reference, int Status, string Message)[]
        {
            ("12,345", Today, "R-1", 400, "deux décimales"),
            ("1.234", Today, "R-1", 400, "deux décimales"),
            ("-5,00", Today, "R-1", 400, "négatif"),
            ("douze euros", Today, "R-1", 400, "1 234,56"),
            ("1,234.56", Today, "R-1", 400, "1 234,56"),
            ("", Today, "R-1", 400, "Indiquez un montant"),
            ("1000000000,01", Today, "R-1", 400, "1 000 000 000,00"),
            // The dossier's own rules, in its words: a payment is positive; its date not in the future, not before the title.
            ("0,00", Today, "R-1", 400, "positive"),
            ("10,00", Day(ConsoleData.Today.AddDays(1)), "R-1", 409, "in the future"),
            ("10,00", "2026-02-19", "R-1", 409, "before the title's issue date"),
            // The API's input limits: a plausible date, a reference of at most 64 characters, present.
            ("10,00", "1989-12-31", "R-1", 400, "plausible range"),
            ("10,00", "", "R-1", 400, "date valable"),
            ("10,00", Today, new string('R', 65), 400, "64"),
            ("10,00", Today, "", 400, "requis"),
        };
        foreach (var (amount, date, reference, status, message) in cases)
        {
            await browser.Page.FillAsync("#payment-amount", amount);
            await browser.Page.FillAsync("#payment-date", date);
            // Past the browser's own checks (required, maxlength): the server must refuse by itself.
            await browser.Page.EvalOnSelectorAsync("#payment-reference", "(e, v) => { e.removeAttribute('maxlength'); e.value = v; }", reference);
            await NoBrowserChecksAsync(browser, "#payment-form");
            var refused = await browser.ClickAsync("report-payment");

            Assert.True(status == refused.Status, $"{amount} {date} {reference.Length}: {refused.Status} {await browser.MessageOrPageAsync()}");
            Assert.Contains(message, await browser.Page.TextContentAsync("#message"), StringComparison.Ordinal);
            // The dossier is shown again, its payment form ready.
            Assert.Equal(1, await browser.Page.Locator("#payment-form").CountAsync());
        }
        var dossier = await Dossier(id).GetAsync();
        Assert.Equal(0, dossier.Amounts.PaidCents);
        Assert.DoesNotContain(dossier.Amounts.Entries, e => e.Kind == P4Orleans.Law.LedgerEntryKind.Payment);
        Assert.Empty(browser.ConsoleErrors(400, 409));
    }

    [Fact]
    public async Task a_bad_seizure_or_opposition_is_refused_on_the_page_and_changes_nothing()
    {
        var id = await _data.ServedAsync("office-acts-s", ConsoleData.Reference("ACTS"));
        var (browser, _) = await AtDossierAsync("office-acts-s", id, Roles.Bailiff, nameof(a_bad_seizure_or_opposition_is_refused_on_the_page_and_changes_nothing));
        await using var _b = browser;
        var seizures = new (string Kind, string Nature, string Date, string Asset, string Value, int Status, string Message)[]
        {
            ("MovableGoods", "Conservatory", Today, "", "", 400, "at least one asset"),
            ("MovableGoods", "Conservatory", Today, "", "100,00", 400, "description"),
            ("MovableGoods", "Conservatory", Today, "Tableau", "100,001", 400, "deux décimales"),
            ("MovableGoods", "Conservatory", Today, "Tableau", "-1", 400, "négatif"),
            // Served today: the command to pay has not expired, so no executory seizure yet (the dossier's rule).
            ("MovableGoods", "Executory", Today, "Tableau", "", 400, "executable title"),
            ("Boat", "Conservatory", Today, "Tableau", "", 400, "liste"),
            ("1", "Conservatory", Today, "Tableau", "", 400, "liste"),
            ("MovableGoods", "Conservatory", Day(ConsoleData.Today.AddDays(1)), "Tableau", "", 409, "in the future"),
            ("MovableGoods", "Conservatory", Today, new string('x', 2001), "", 400, "2000"),
        };
        foreach (var (kind, nature, date, asset, value, status, message) in seizures)
        {
            await ChooseAsync(browser, "#seizure-kind", kind);
            await browser.Page.SelectOptionAsync("#seizure-nature", nature);
            await browser.Page.FillAsync("#seizure-date", date);
            await browser.Page.EvalOnSelectorAsync("#seizure-asset-1", "(e, v) => { e.removeAttribute('maxlength'); e.value = v; }", asset);
            await browser.Page.FillAsync("#seizure-asset-value-1", value);
            await NoBrowserChecksAsync(browser, "#seizure-form");
            var refused = await browser.ClickAsync("report-seizure");

            Assert.True(status == refused.Status, $"{kind} {nature} {date} {value}: {refused.Status} {await browser.MessageOrPageAsync()}");
            Assert.Contains(message, await browser.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        }
        var oppositions = new (string Kind, string FiledOn, string Court, int Status, string Message)[]
        {
            ("Summons", Day(ConsoleData.Today.AddDays(1)), "Tribunal du travail de Liège", 409, "in the future"),
            // Served today: an opposition filed yesterday would precede the service it opposes.
            ("Summons", Day(ConsoleData.Today.AddDays(-1)), "Tribunal du travail de Liège", 409, "before the service"),
            ("Summons", Today, "", 400, "requis"),
            ("Appeal", Today, "Tribunal du travail de Liège", 400, "liste"),
        };
        foreach (var (kind, filedOn, court, status, message) in oppositions)
        {
            await ChooseAsync(browser, "#opposition-kind", kind);
            await browser.Page.FillAsync("#opposition-filed-on", filedOn);
            await browser.Page.FillAsync("#opposition-court", court);
            await NoBrowserChecksAsync(browser, "#opposition-form");
            var refused = await browser.ClickAsync("report-opposition");

            Assert.True(status == refused.Status, $"{kind} {filedOn}: {refused.Status} {await browser.MessageOrPageAsync()}");
            Assert.Contains(message, await browser.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        }
        var view = await Dossier(id).GetForOfficeAsync("office-acts-s");
        Assert.Equal((DossierStatus.Served, 0), (view.Status, view.Seizures.Count));
        Assert.Empty(browser.ConsoleErrors(400, 409));
    }

    [Fact]
    public async Task an_empty_file_a_file_too_large_and_a_file_of_another_type_are_refused_on_the_page_and_nothing_is_stored()
    {
        var id = await _data.ServedAsync("office-acts-f", ConsoleData.Reference("ACTF"));
        var (browser, _) = await AtDossierAsync("office-acts-f", id, Roles.Bailiff, nameof(an_empty_file_a_file_too_large_and_a_file_of_another_type_are_refused_on_the_page_and_nothing_is_stored));
        await using var _b = browser;
        var tooLarge = new byte[DocumentStore.MaxBytes + 1];
        Pdf("large").CopyTo(tooLarge, 0);
        var files = new (string Name, string Type, byte[] Content, int Status, string Message)[]
        {
            ("vide.pdf", "application/pdf", [], 415, "empty"),
            ("note.pdf", "application/pdf", System.Text.Encoding.UTF8.GetBytes("<html>not a pdf</html>"), 415, "Only PDF, TIFF, PNG and JPEG"),
            ("grand.pdf", "application/pdf", tooLarge, 413, "larger than 20 MiB"),
        };
        foreach (var (name, type, content, status, message) in files)
        {
            await browser.Page.SetInputFilesAsync("#document-file", new FilePayload { Name = name, MimeType = type, Buffer = content });
            var refused = await browser.ClickAsync("attach-document");

            Assert.True(status == refused.Status, $"{name}: {refused.Status} {await browser.MessageOrPageAsync()}");
            Assert.Contains(message, await browser.Page.TextContentAsync("#message"), StringComparison.Ordinal);
            // The dossier is shown again (the upload's own address), its form ready for another file.
            Assert.Equal(1, await browser.Page.Locator("#document-form").CountAsync());
        }
        await ChooseAsync(browser, "#document-kind", "Photograph");
        await browser.Page.SetInputFilesAsync("#document-file", new FilePayload { Name = "ok.pdf", MimeType = "application/pdf", Buffer = Pdf("ok") });
        Assert.Equal(400, (await browser.ClickAsync("attach-document")).Status);

        Assert.Empty((await Dossier(id).GetForOfficeAsync("office-acts-f")).Documents);
        Assert.Equal(0, await DocumentsStoredAsync(id));
        Assert.Empty(browser.ConsoleErrors(400, 413, 415));
    }

    [Fact]
    public async Task another_offices_dossier_id_in_each_forms_post_and_in_a_download_is_not_found_and_changes_nothing()
    {
        var own = await _data.ServedAsync("office-acts-own", ConsoleData.Reference("ACTOWN"));
        var other = await _data.ServedAsync("office-acts-other", ConsoleData.Reference("ACTOTH"));
        var (browser, bailiff) = await AtDossierAsync("office-acts-own", own, Roles.Bailiff, nameof(another_offices_dossier_id_in_each_forms_post_and_in_a_download_is_not_found_and_changes_nothing));
        await using var _b = browser;
        // The other office's own act, attached through the API: its id is what a probing office would try.
        var otherBailiff = await gateway.UserAsync(Api.Users.OrganisationKind.BailiffOffice, "office-acts-other", Roles.Bailiff);
        using (var api = _data.ApiClient(otherBailiff.Id))
        {
            var upload = new ByteArrayContent(Pdf("acte de l'autre étude"));
            upload.Headers.ContentType = new("application/pdf");
            Assert.True((await api.PostAsync($"/bailiff/dossiers/{other}/documents?kind=ServiceWrit", upload, Ct)).IsSuccessStatusCode);
        }
        var otherDocument = Assert.Single((await Dossier(other).GetForOfficeAsync("office-acts-other")).Documents).DocumentId;

        var forms = new (string Form, string Button, Func<Task> Fill)[]
        {
            ("#seizure-form", "report-seizure", async () =>
            {
                await browser.Page.FillAsync("#seizure-date", Today);
                await browser.Page.FillAsync("#seizure-asset-1", "Mobilier");
            }),
            ("#payment-form", "report-payment", async () =>
            {
                await browser.Page.FillAsync("#payment-amount", "10,00");
                await browser.Page.FillAsync("#payment-date", Today);
                await browser.Page.FillAsync("#payment-reference", "PROBE");
            }),
            ("#opposition-form", "report-opposition", async () =>
            {
                await browser.Page.FillAsync("#opposition-filed-on", Today);
                await browser.Page.FillAsync("#opposition-court", "Tribunal du travail de Liège");
            }),
            ("#document-form", "attach-document", () => browser.Page.SetInputFilesAsync("#document-file",
                new FilePayload { Name = "probe.pdf", MimeType = "application/pdf", Buffer = Pdf("probe") })),
        };
        foreach (var (form, button, fill) in forms)
        {
            await browser.GoAsync("/console/office/dossiers/" + own);
            await fill();
            // The same form, valid, posted to the other office's dossier.
            await browser.Page.EvalOnSelectorAsync(form, "(f, ids) => f.setAttribute('action', f.getAttribute('action').replace(ids[0], ids[1]))", new[] { own, other });
            var refused = await browser.ClickAsync(button);

            Assert.True(refused.Status == 404, $"{form}: {refused.Status}");
            Assert.Equal("Dossier introuvable.", await browser.Page.TextContentAsync("#message"));
            Assert.Equal(0, await browser.Page.Locator("#summary").CountAsync());
        }
        Assert.Equal(404, (await browser.GoAsync($"/console/office/dossiers/{other}/documents/{otherDocument}")).Status);
        Assert.Equal("Dossier introuvable.", await browser.Page.TextContentAsync("#message"));
        // Its id under the office's own dossier: not listed there, "not found" too, audited for what it is.
        Assert.Equal(404, (await browser.GoAsync($"/console/office/dossiers/{own}/documents/{otherDocument}")).Status);
        Assert.Equal("Document introuvable.", await browser.Page.TextContentAsync("#message"));
        Assert.Equal(404, (await browser.GoAsync($"/console/office/dossiers/{own}/documents/{Guid.NewGuid()}")).Status);

        var view = await Dossier(other).GetForOfficeAsync("office-acts-other");
        Assert.Equal((DossierStatus.Served, 0, 1), (view.Status, view.Seizures.Count, view.Documents.Count));
        Assert.Equal(0, (await Dossier(other).GetAsync()).Amounts.PaidCents);
        Assert.Equal(1, await DocumentsStoredAsync(other));
        Assert.Equal(0, await DocumentsStoredAsync(own));
        Assert.Equal(3, await CommandsAuditedAsync(bailiff.Id, other, "dossier.read", "refused:not-assigned-office:404", "report-seizure", "record-payment", "report-opposition"));
        Assert.Equal(1, await CommandsAuditedAsync(bailiff.Id, other, "dossier.attach-document", "refused:not-assigned-office:404", "attach-document"));
        Assert.Equal(1, await AuditedAsync(bailiff.Id, other, "dossier.download-document", "refused:not-assigned-office:404"));
        Assert.Equal(1, await AuditedAsync(bailiff.Id, own, "dossier.download-document", "refused:document-of-another-dossier:404"));
        Assert.Empty(browser.ConsoleErrors(404));
    }

    [Fact]
    public async Task the_refusal_and_service_forms_take_list_values_by_name_only_and_an_act_reference_within_the_apis_limit()
    {
        var id = await _data.AssignedToAsync("office-acts-r", ConsoleData.Reference("ACTR"));
        var (browser, _) = await AtDossierAsync("office-acts-r", id, Roles.Bailiff, nameof(the_refusal_and_service_forms_take_list_values_by_name_only_and_an_act_reference_within_the_apis_limit));
        await using var _b = browser;

        // "0" was bound as the first reason of the list: the API takes names only, and so does the page.
        await ChooseAsync(browser, "#refusal-reason", "0");
        Assert.Equal(400, (await browser.ClickAsync("refuse")).Status);
        Assert.Contains("liste", await browser.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        Assert.Equal(DossierStatus.Assigned, (await _data.SummaryAsync(id)).Status);
        Assert.Equal(200, (await browser.ClickAsync("accept")).Status);

        var services = new (string Mode, string Act, string Message)[]
        {
            ("1", "ACT-1", "liste"),
            ("InPerson", new string('A', 65), "64"),
        };
        foreach (var (mode, act, message) in services)
        {
            await browser.Page.FillAsync("#service-date", Today);
            await ChooseAsync(browser, "#service-mode", mode);
            await browser.Page.EvalOnSelectorAsync("#service-act", "(e, v) => { e.removeAttribute('maxlength'); e.value = v; }", act);
            var refused = await browser.ClickAsync("report-service");

            Assert.True(refused.Status == 400, $"{mode} {act.Length}: {refused.Status}");
            Assert.Contains(message, await browser.Page.TextContentAsync("#message"), StringComparison.Ordinal);
            Assert.Equal(DossierStatus.Accepted, (await _data.SummaryAsync(id)).Status);
        }
        await browser.Page.FillAsync("#service-date", Today);
        await browser.Page.SelectOptionAsync("#service-mode", nameof(ServiceMode.AtDomicile));
        await browser.Page.FillAsync("#service-act", new string('A', 64));
        Assert.Equal(200, (await browser.ClickAsync("report-service")).Status);
        Assert.Equal(DossierStatus.Served, (await _data.SummaryAsync(id)).Status);
        Assert.Empty(browser.ConsoleErrors(400));
    }

    /// <summary>Turns off the browser's own checks of a form (required fields, date inputs): what reaches the server is what was typed.</summary>
    private static Task NoBrowserChecksAsync(BrowserSession browser, string form) =>
        browser.Page.EvalOnSelectorAsync(form, "f => { f.noValidate = true; }");

    /// <summary>Selects a value of a list, or posts one the list does not offer (as a hand-made request would).</summary>
    private static Task ChooseAsync(BrowserSession browser, string select, string value) =>
        browser.Page.EvalOnSelectorAsync(select, "(s, v) => { if (![...s.options].some(o => o.value === v)) { s.add(new Option(v, v)); } s.value = v; }", value);

    private async Task<int> DocumentsStoredAsync(string dossierId)
    {
        var db = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = db.CreateCommand("SELECT count(*) FROM documents WHERE dossier_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
