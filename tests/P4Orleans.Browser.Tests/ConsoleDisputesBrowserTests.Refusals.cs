using Microsoft.Playwright;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;

namespace P4Orleans.Browser.Tests;

// Bad input to each dispute form refused on the page with the API's status and nothing written; the wrong role 403;
// another office's dossier "not found"; more assets than the API takes; bodies over the console's limits.
public sealed partial class ConsoleDisputesBrowserTests
{
    private static AmicableDisputeReport Report => new(DisputeGround.ContestedAmount, DisputeParty.Debtor, ConsoleData.Today);

    [Fact]
    public async Task a_bad_dispute_raised_by_onss_is_refused_on_the_page_with_the_apis_status_and_an_upheld_one_lets_onss_resume_execution()
    {
        var id = await _data.ServedAsync("disputes-office-r", ConsoleData.Reference("DISR"));
        var (onss, _) = await AtAsync(OrganisationKind.Onss, "onss", Roles.OnssAgent, "/console/dossiers/" + id);
        await using var _b = onss;
        var cases = new (string Ground, string Party, string ReceivedOn, string Note, int Status, string Message)[]
        {
            ("Boat", "Debtor", Today, "", 400, "liste"),
            ("1", "Debtor", Today, "", 400, "liste"),
            ("Identity", "Neighbour", Today, "", 400, "liste"),
            ("Identity", "Debtor", "", "", 400, "date valable"),
            ("Identity", "Debtor", "1989-12-31", "", 400, "plausible range"),
            ("Identity", "Debtor", Day(ConsoleData.Today.AddDays(1)), "", 409, "in the future"),
            ("Identity", "Debtor", "2026-02-19", "", 409, "before the title's issue date"),
            ("Identity", "Debtor", Today, new string('n', 2001), 400, "2000"),
        };
        foreach (var (ground, party, receivedOn, note, status, message) in cases)
        {
            await ChooseAsync(onss, "#dispute-ground", ground);
            await ChooseAsync(onss, "#dispute-raised-by", party);
            await onss.Page.FillAsync("#dispute-received-on", receivedOn);
            await onss.Page.EvalOnSelectorAsync("#dispute-note", "(e, v) => { e.removeAttribute('maxlength'); e.value = v; }", note);
            await NoBrowserChecksAsync(onss, "#raise-dispute-form");
            var refused = await onss.ClickAsync("raise-dispute");

            Assert.True(status == refused.Status, $"{ground} {party} {receivedOn}: {refused.Status} {await onss.MessageOrPageAsync()}");
            Assert.Contains(message, await onss.Page.TextContentAsync("#message"), StringComparison.Ordinal);
            Assert.Equal(1, await onss.Page.Locator("#raise-dispute-form").CountAsync());
        }
        Assert.Empty((await Dossier(id).GetAsync()).Disputes?.Amicable ?? []);

        // Upheld by an Operator: execution is suspended until ONSS withdraws or confirms; the page offers the confirmation.
        var disputeId = await Dossier(id).RaiseDisputeAsync(null, Report);
        await Dossier(id).AssignDisputeAsync(disputeId, Guid.NewGuid());
        await Dossier(id).DecideDisputeAsync(disputeId, new AmicableDisputeDecision(AmicableOutcome.Upheld, ConsoleData.Today));
        await onss.GoAsync("/console/dossiers/" + id);
        Assert.Equal(1, await onss.Page.Locator("#execution-suspended").CountAsync());
        Assert.Equal(200, (await onss.ClickAsync("resume-execution")).Status);
        Assert.False((await Dossier(id).GetAsync()).Disputes!.ExecutionSuspended);
        Assert.Equal(0, await onss.Page.Locator("#resume-form, #execution-suspended").CountAsync());
        Assert.Empty(onss.ConsoleErrors(400, 409));
    }

    [Fact]
    public async Task bad_decisions_judicial_disputes_and_hearings_are_refused_on_the_operators_page_and_change_nothing()
    {
        var id = await _data.ServedAsync("disputes-office-d", ConsoleData.Reference("DISD"));
        var disputeId = await Dossier(id).RaiseDisputeAsync(null, Report);
        var judicialId = await Dossier(id).RecordJudicialDisputeAsync(
            new JudicialDisputeReport(JudicialDisputeKind.AttachmentJudge, "Juge des saisies de Liège", ConsoleData.Today));
        var (operators, operatorUser) = await AtAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator, "/console/dossiers/" + id);
        await using var _b = operators;

        // An unknown dispute: "not found", as the API's 404.
        await operators.Page.EvalOnSelectorAsync($"#take-form-{disputeId} input[name=disputeId]", "e => e.value = 'A9'");
        Assert.Equal(404, (await operators.ClickAsync("take-" + disputeId)).Status);
        Assert.Equal("Contestation introuvable.", await operators.Page.TextContentAsync("#message"));
        Assert.Null(Assert.Single((await Dossier(id).GetAsync()).Disputes!.Amicable).OperatorId);
        Assert.Equal(200, (await operators.ClickAsync("take-" + disputeId)).Status);
        Assert.Equal(operatorUser.Id, Assert.Single((await Dossier(id).GetAsync()).Disputes!.Amicable).OperatorId);

        var decisions = new (string Outcome, string DecidedOn, string Corrected, int Status, string Message)[]
        {
            ("AmountCorrected", Today, "", 400, "A correction needs the corrected claim"),
            ("AmountCorrected", Today, "4 000,00", 400, "below the title's"),
            ("AmountCorrected", Today, "0", 400, "above 0"),
            ("AmountCorrected", Today, "12,345", 400, "deux décimales"),
            ("AmountCorrected", Today, "-5", 400, "négatif"),
            ("Rejected", Today, "10,00", 400, "Only a correction"),
            ("Maybe", Today, "", 400, "liste"),
            ("0", Today, "", 400, "liste"),
            ("Rejected", "", "", 400, "date valable"),
            ("Rejected", Day(ConsoleData.Today.AddDays(1)), "", 409, "in the future"),
            ("Rejected", Day(ConsoleData.Today.AddDays(-1)), "", 409, "before"),
        };
        foreach (var (outcome, decidedOn, corrected, status, message) in decisions)
        {
            await ChooseAsync(operators, "#outcome-" + disputeId, outcome);
            await operators.Page.FillAsync("#decided-on-" + disputeId, decidedOn);
            await operators.Page.FillAsync("#corrected-" + disputeId, corrected);
            await NoBrowserChecksAsync(operators, "#decide-form-" + disputeId);
            var refused = await operators.ClickAsync("decide-" + disputeId);

            Assert.True(status == refused.Status, $"{outcome} {decidedOn} {corrected}: {refused.Status} {await operators.MessageOrPageAsync()}");
            Assert.Contains(message, await operators.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        }
        Assert.Null(Assert.Single((await Dossier(id).GetAsync()).Disputes!.Amicable).Outcome);

        var judicial = new (string Kind, string Court, string FiledOn, string Hearing, int Status, string Message)[]
        {
            ("ThirdPartyClaim", "Juge des saisies", Today, "", 400, "names the seizures"),
            ("Appeal", "Cour du travail de Liège", Today, "", 409, "An appeal needs the labour court's judgment"),
            ("AttachmentJudge", "", Today, "", 400, "requis"),
            ("AttachmentJudge", new string('c', 201), Today, "", 400, "200"),
            ("AttachmentJudge", "Juge des saisies", "", "", 400, "date valable"),
            ("AttachmentJudge", "Juge des saisies", Day(ConsoleData.Today.AddDays(1)), "", 409, "in the future"),
            ("AttachmentJudge", "Juge des saisies", Today, Day(ConsoleData.Today.AddDays(-1)), 409, "before the filing"),
            ("Opposition", "Juge des saisies", Today, "", 400, "liste"),
        };
        foreach (var (kind, court, filedOn, hearing, status, message) in judicial)
        {
            await ChooseAsync(operators, "#judicial-kind", kind);
            await operators.Page.EvalOnSelectorAsync("#judicial-court", "(e, v) => { e.removeAttribute('maxlength'); e.value = v; }", court);
            await operators.Page.FillAsync("#judicial-filed-on", filedOn);
            await operators.Page.FillAsync("#judicial-first-hearing", hearing);
            await NoBrowserChecksAsync(operators, "#judicial-form");
            var refused = await operators.ClickAsync("record-judicial");

            Assert.True(status == refused.Status, $"{kind} {court.Length} {filedOn} {hearing}: {refused.Status} {await operators.MessageOrPageAsync()}");
            Assert.Contains(message, await operators.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        }

        var hearings = new (string Date, int Status, string Message)[]
        {
            (Day(ConsoleData.Today.AddDays(-1)), 409, "before the filing"),
            (Day(ConsoleData.Today.AddDays(3 * 366 + 1)), 400, "days ahead"),
            ("", 400, "date valable"),
        };
        foreach (var (date, status, message) in hearings)
        {
            await operators.Page.FillAsync("#hearing-date-" + judicialId, date);
            await NoBrowserChecksAsync(operators, "#hearing-form-" + judicialId);
            var refused = await operators.ClickAsync("hearing-" + judicialId);

            Assert.True(status == refused.Status, $"{date}: {refused.Status} {await operators.MessageOrPageAsync()}");
            Assert.Contains(message, await operators.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        }
        await ChooseAsync(operators, "#judicial-outcome-" + judicialId, "Granted2");
        await operators.Page.FillAsync("#judicial-decided-on-" + judicialId, Today);
        Assert.Equal(400, (await operators.ClickAsync("judicial-decide-" + judicialId)).Status);
        await operators.Page.EvalOnSelectorAsync($"#hearing-form-{judicialId} input[name=disputeId]", "e => e.value = 'J9'");
        await operators.Page.FillAsync("#hearing-date-" + judicialId, Today);
        Assert.Equal(404, (await operators.ClickAsync("hearing-" + judicialId)).Status);

        var view = await Dossier(id).GetAsync();
        var only = Assert.Single(view.Disputes!.Judicial);
        Assert.Equal((0, (JudicialOutcome?)null), (only.Hearings.Count, only.Outcome));
        Assert.DoesNotContain(view.KeyDates, k => k.Name.Contains(judicialId, StringComparison.Ordinal));
        Assert.Empty(operators.ConsoleErrors(400, 404, 409));
    }

    [Fact]
    public async Task each_dispute_form_posted_by_the_wrong_role_is_refused_403_and_changes_nothing()
    {
        var id = await _data.ServedAsync("disputes-office-w", ConsoleData.Reference("DISW"));
        var disputeId = await Dossier(id).RaiseDisputeAsync(null, Report);
        var judicialId = await Dossier(id).RecordJudicialDisputeAsync(new JudicialDisputeReport(JudicialDisputeKind.AttachmentJudge, "Juge des saisies", ConsoleData.Today));
        var (onss, _) = await AtAsync(OrganisationKind.Onss, "onss", Roles.OnssAgent, "/console/dossiers/" + id);
        await using (onss)
        {
            // ONSS's own form, its fields valid for any handler, sent to each Operator's handler.
            foreach (var handler in new[] { "TakeDispute", "DecideDispute", "RecordJudicialDispute", "Hearing", "DecideJudicialDispute" })
            {
                await onss.GoAsync("/console/dossiers/" + id);
                await onss.Page.FillAsync("#dispute-received-on", Today);
                await onss.Page.EvalOnSelectorAsync("#raise-dispute-form", "(f, h) => { f.action = f.action.replace('handler=RaiseDispute', 'handler=' + h); "
                    + "for (const [n, v] of [['disputeId', 'A1'], ['outcome', 'Rejected'], ['decidedOn', '" + Today + "'], ['kind', 'AttachmentJudge'], ['court', 'X'], "
                    + "['filedOn', '" + Today + "'], ['date', '" + Today + "']]) { const i = document.createElement('input'); i.type = 'hidden'; i.name = n; i.value = v; f.appendChild(i); } }", handler);
                Assert.True((await onss.ClickAsync("raise-dispute")).Status == 403, handler);
            }
            Assert.Empty(onss.ConsoleErrors(403));
        }
        var (operators, _) = await AtAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator, "/console/dossiers/" + id);
        await using (operators)
        {
            foreach (var handler in new[] { "RaiseDispute", "ResumeExecution" })
            {
                await operators.GoAsync("/console/dossiers/" + id);
                await operators.Page.FillAsync("#judicial-court", "X");
                await operators.Page.FillAsync("#judicial-filed-on", Today);
                await operators.Page.EvalOnSelectorAsync("#judicial-form", "(f, h) => { f.action = f.action.replace('handler=RecordJudicialDispute', 'handler=' + h); "
                    + "for (const [n, v] of [['ground', 'Identity'], ['raisedBy', 'Debtor'], ['receivedOn', '" + Today + "']]) { const i = document.createElement('input'); "
                    + "i.type = 'hidden'; i.name = n; i.value = v; f.appendChild(i); } }", handler);
                Assert.True((await operators.ClickAsync("record-judicial")).Status == 403, handler);
            }
            Assert.Empty(operators.ConsoleErrors(403));
        }
        var view = await Dossier(id).GetAsync();
        Assert.Equal((1, 1), (view.Disputes!.Amicable.Count, view.Disputes.Judicial.Count));
        Assert.Null(view.Disputes.Amicable[0].OperatorId);
        Assert.Null(view.Disputes.Amicable[0].Outcome);
        Assert.Empty(view.Disputes.Judicial[0].Hearings);
        Assert.Equal((disputeId, judicialId), (view.Disputes.Amicable[0].DisputeId, view.Disputes.Judicial[0].DisputeId));
        // A bailiff has no operators' dossier page at all.
        var (bailiff, _) = await AtAsync(OrganisationKind.BailiffOffice, "disputes-office-w", Roles.Bailiff, "/console/office/dossiers/" + id);
        await using var _b = bailiff;
        Assert.Equal(403, (await bailiff.GoAsync("/console/dossiers/" + id)).Status);
    }

    [Fact]
    public async Task another_offices_dossier_id_posted_to_the_offices_dispute_and_row_forms_is_not_found_audited_and_changes_nothing()
    {
        var own = await _data.ServedAsync("disputes-office-own", ConsoleData.Reference("DISOWN"));
        var other = await _data.ServedAsync("disputes-office-other", ConsoleData.Reference("DISOTH"));
        var (bailiff, user) = await AtAsync(OrganisationKind.BailiffOffice, "disputes-office-own", Roles.Bailiff, "/console/office/dossiers/" + own);
        await using var _b = bailiff;
        foreach (var (form, button) in new[] { ("#raise-dispute-form", "raise-dispute"), ("#seizure-form", "add-asset") })
        {
            await bailiff.GoAsync("/console/office/dossiers/" + own);
            await bailiff.Page.FillAsync("#dispute-received-on", Today);
            await bailiff.Page.EvalOnSelectorAsync(form, "(f, ids) => f.setAttribute('action', f.getAttribute('action').replace(ids[0], ids[1]))", new[] { own, other });
            // The button's own formaction (add a row) names the dossier too.
            await bailiff.Page.EvalOnSelectorAsync("#add-asset", "(b, ids) => b.setAttribute('formaction', b.getAttribute('formaction').replace(ids[0], ids[1]))", new[] { own, other });
            var refused = await bailiff.ClickAsync(button);

            Assert.True(refused.Status == 404, $"{form}: {refused.Status}");
            Assert.Equal("Dossier introuvable.", await bailiff.Page.TextContentAsync("#message"));
            Assert.Equal(0, await bailiff.Page.Locator("#summary").CountAsync());
        }
        Assert.Empty((await Dossier(other).GetAsync()).Disputes?.Amicable ?? []);
        Assert.Equal(1, await CommandsAuditedAsync(user.Id, other, "refused:not-assigned-office:404", "raise-dispute"));
        Assert.Empty(bailiff.ConsoleErrors(404));
    }

    [Fact]
    public async Task a_seizure_takes_no_more_rows_and_no_more_assets_than_the_api_and_says_so_with_its_text()
    {
        var id = await _data.ServedAsync("disputes-office-m", ConsoleData.Reference("DISM"));
        var (bailiff, _) = await AtAsync(OrganisationKind.BailiffOffice, "disputes-office-m", Roles.Bailiff, "/console/office/dossiers/" + id);
        await using var _b = bailiff;
        await bailiff.Page.FillAsync("#seizure-date", Today);
        // Rows up to the API's limit, each with an asset, posted as the form would post them.
        await AssetRowsAsync(bailiff, InputLimits.MaxListItems);
        Assert.Equal(400, (await bailiff.ClickAsync("add-asset")).Status);
        Assert.Contains("au plus 100 biens", await bailiff.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        Assert.Equal(InputLimits.MaxListItems, await bailiff.Page.Locator("#seizure-form input[name=assetDescription]").CountAsync());
        Assert.Equal("Bien 100", await bailiff.Page.InputValueAsync("#seizure-asset-100"));
        Assert.Equal(0, await bailiff.Page.Locator("#add-asset").CountAsync());

        await AssetRowsAsync(bailiff, InputLimits.MaxListItems + 1);
        Assert.Equal(400, (await bailiff.ClickAsync("report-seizure")).Status);
        Assert.Contains("At most 100 items.", await bailiff.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        Assert.Empty((await Dossier(id).GetForOfficeAsync("disputes-office-m")).Seizures);

        await AssetRowsAsync(bailiff, InputLimits.MaxListItems);
        Assert.Equal(200, (await bailiff.ClickAsync("report-seizure")).Status);
        Assert.Equal(InputLimits.MaxListItems, Assert.Single((await Dossier(id).GetForOfficeAsync("disputes-office-m")).Seizures).Assets!.Count);
        Assert.Empty(bailiff.ConsoleErrors(400));
    }

    [Fact]
    public async Task an_upload_or_a_form_over_the_consoles_body_limit_answers_a_413_page_in_the_users_language_and_stores_nothing()
    {
        var id = await _data.ServedAsync("disputes-office-l", ConsoleData.Reference("DISL"));
        var (bailiff, _) = await AtAsync(OrganisationKind.BailiffOffice, "disputes-office-l", Roles.Bailiff, "/console/office/dossiers/" + id);
        await using var _b = bailiff;
        // Over the upload's whole body limit (the file's 20 MiB and 1 MiB for the form): never read, refused on its length.
        var huge = new byte[DocumentStore.MaxBytes + 2 * 1024 * 1024];
        System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n").CopyTo(huge, 0);
        await bailiff.Page.SetInputFilesAsync("#document-file", new FilePayload { Name = "enorme.pdf", MimeType = "application/pdf", Buffer = huge });
        var refused = await bailiff.ClickAsync("attach-document");

        Assert.Equal(413, refused.Status);
        Assert.Contains("20 Mio", await bailiff.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        Assert.Equal("Envoi trop volumineux", await bailiff.Page.TextContentAsync("h1"));
        Assert.Empty((await Dossier(id).GetForOfficeAsync("disputes-office-l")).Documents);

        // A form without a file over its body limit (2 MiB on this page, for a seizure's 100 assets), in Dutch this time.
        await bailiff.GoAsync("/console/office/dossiers/" + id);
        await bailiff.ClickAsync("lang-nl");
        await bailiff.Page.FillAsync("#payment-amount", "10,00");
        await bailiff.Page.FillAsync("#payment-date", Today);
        await bailiff.Page.EvalOnSelectorAsync("#payment-reference", "e => { e.removeAttribute('maxlength'); e.value = 'R'.repeat(70000); }");
        // Within the body limit but a value beyond the form's 4,096 characters: a 400 page, not a bare status.
        Assert.Equal(400, (await bailiff.ClickAsync("report-payment")).Status);
        Assert.Equal("Het verzonden formulier kon niet worden gelezen.", await bailiff.Page.TextContentAsync("#message"));
        await bailiff.GoAsync("/console/office/dossiers/" + id);
        await bailiff.Page.FillAsync("#payment-amount", "10,00");
        await bailiff.Page.FillAsync("#payment-date", Today);
        await bailiff.Page.EvalOnSelectorAsync("#payment-reference", "e => { e.removeAttribute('maxlength'); e.value = 'R'.repeat(3 * 1024 * 1024); }");
        Assert.Equal(413, (await bailiff.ClickAsync("report-payment")).Status);
        Assert.Contains("20 MiB", await bailiff.Page.TextContentAsync("#message"), StringComparison.Ordinal);
        Assert.Equal("Verzending te groot", await bailiff.Page.TextContentAsync("h1"));
        Assert.Equal(0, (await Dossier(id).GetAsync()).Amounts.PaidCents);
        Assert.Empty(bailiff.ConsoleErrors(400, 413));
    }

    /// <summary>Gives the seizure form exactly <paramref name="rows"/> asset rows, each described ("Bien 1"...), as the server would render them.</summary>
    private static Task AssetRowsAsync(BrowserSession browser, int rows) =>
        browser.Page.EvalOnSelectorAsync("#seizure-form", "(f, n) => { f.noValidate = true; f.querySelectorAll('input[name=assetDescription], input[name=assetValue]').forEach(e => e.remove()); "
            + "const before = f.querySelector('#add-asset') || f.querySelector('#report-seizure'); for (let i = 1; i <= n; i++) { const d = document.createElement('input'); "
            + "d.name = 'assetDescription'; d.id = 'seizure-asset-' + i; d.value = 'Bien ' + i; const v = document.createElement('input'); v.name = 'assetValue'; "
            + "v.id = 'seizure-asset-value-' + i; before.parentNode.insertBefore(d, before); before.parentNode.insertBefore(v, before); } }", rows);

    /// <summary>Turns off the browser's own checks of a form (required fields, date inputs): what reaches the server is what was typed.</summary>
    private static Task NoBrowserChecksAsync(BrowserSession browser, string form) =>
        browser.Page.EvalOnSelectorAsync(form, "f => { f.noValidate = true; }");

    /// <summary>Selects a value of a list, or posts one the list does not offer (as a hand-made request would).</summary>
    private static Task ChooseAsync(BrowserSession browser, string select, string value) =>
        browser.Page.EvalOnSelectorAsync(select, "(s, v) => { if (![...s.options].some(o => o.value === v)) { s.add(new Option(v, v)); } s.value = v; }", value);
}
