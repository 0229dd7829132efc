using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;

namespace P4Orleans.Browser.Tests;

/// <summary>
/// Disputes in a real chromium: ONSS and an office raise amicable disputes, an Operator takes and decides them and records
/// judicial disputes and their hearings; the seizure form lists as many assets as the API takes; bad input, the wrong role,
/// another office's dossier and an oversized upload answer console pages with the API's statuses.
/// </summary>
public sealed partial class ConsoleDisputesBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private readonly ConsoleData _data = new(gateway);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Today => Day(ConsoleData.Today);

    private IDossierGrain Dossier(string id) => gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IDossierGrain>(id);

    /// <summary>A user with <paramref name="role"/> signed in, on <paramref name="path"/>.</summary>
    private async Task<(BrowserSession Browser, User User)> AtAsync(OrganisationKind kind, string organisation, string role, string path,
        [CallerMemberName] string test = "")
    {
        var user = await gateway.UserAsync(kind, organisation, role);
        var browser = await BrowserSession.OpenAsync(gateway, test + "-" + role);
        await browser.SignInAsync(user.Id);
        Assert.Equal(200, (await browser.GoAsync(path)).Status);
        return (browser, user);
    }

    private static string Spaces(string? text) => (text ?? "").Replace('\u202f', ' ').Replace('\u00a0', ' ');

    private static string Euros(long cents) => Spaces((cents / 100m).ToString("N2", CultureInfo.GetCultureInfo("fr-BE")) + " €");

    [Fact]
    public async Task onss_raises_a_dispute_an_operator_takes_it_and_corrects_the_amount_and_the_ledger_shows_the_new_amount()
    {
        var id = await _data.ServedAsync("disputes-office-c", ConsoleData.Reference("DISC"));
        var before = (await Dossier(id).GetAsync()).Amounts.ChargedCents;
        var (onss, _) = await AtAsync(OrganisationKind.Onss, "onss", Roles.OnssAgent, "/console/dossiers/" + id);
        await using (onss)
        {
            Assert.Equal(1, await onss.Page.Locator("#no-disputes").CountAsync());
            await onss.Page.SelectOptionAsync("#dispute-ground", nameof(DisputeGround.ContestedAmount));
            await onss.Page.SelectOptionAsync("#dispute-raised-by", nameof(DisputeParty.Debtor));
            await onss.Page.FillAsync("#dispute-received-on", Today);
            await onss.Page.FillAsync("#dispute-note", "Le débiteur conteste les intérêts");
            Assert.Equal(200, (await onss.ClickAsync("raise-dispute")).Status);

            var row = await onss.Page.TextContentAsync("#dispute-A1");
            Assert.Contains("Montant contesté", row, StringComparison.Ordinal);
            Assert.Contains("Débiteur", row, StringComparison.Ordinal);
            var decideBy = Assert.Single(Assert.IsType<DisputesView>((await Dossier(id).GetForOnssAsync()).Disputes).Amicable).DecideBy;
            Assert.Equal(ConsoleDataDate(decideBy), await onss.Page.TextContentAsync("#dispute-A1 .decide-by"));
            // ONSS's view unseals its note; ONSS neither takes nor decides.
            Assert.Contains("conteste les intérêts", await onss.Page.TextContentAsync("#amicable-disputes"), StringComparison.Ordinal);
            Assert.Equal(0, await onss.Page.Locator("#take-A1, #decide-A1, #judicial-form").CountAsync());
            Assert.Empty(onss.ConsoleErrors());
        }

        var (operators, operatorUser) = await AtAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator, "/console/dossiers/" + id);
        await using var _ = operators;
        Assert.Equal(0, await operators.Page.Locator("#decide-A1").CountAsync());
        Assert.Equal(200, (await operators.ClickAsync("take-A1")).Status);
        Assert.Contains(operatorUser.Id.ToString(), await operators.Page.TextContentAsync("#dispute-A1"), StringComparison.Ordinal);
        await operators.Page.SelectOptionAsync("#outcome-A1", nameof(AmicableOutcome.AmountCorrected));
        await operators.Page.FillAsync("#decided-on-A1", Today);
        await operators.Page.FillAsync("#corrected-A1", "2 000,00");
        await operators.Page.FillAsync("#reasons-A1", "Intérêts recalculés");
        Assert.Equal(200, (await operators.ClickAsync("decide-A1")).Status);

        var dossier = await Dossier(id).GetAsync();
        var decided = Assert.Single(dossier.Disputes!.Amicable);
        Assert.Equal((AmicableOutcome.AmountCorrected, 200_000L), (decided.Outcome, decided.CorrectedToCents));
        Assert.NotEqual(before, dossier.Amounts.ChargedCents);
        Assert.Contains("Montant corrigé", await operators.Page.TextContentAsync("#dispute-A1 .dispute-status"), StringComparison.Ordinal);
        Assert.Contains("2 000,00 €", Spaces(await operators.Page.TextContentAsync("#dispute-A1")), StringComparison.Ordinal);
        Assert.Contains(Euros(dossier.Amounts.ChargedCents), Spaces(await operators.Page.TextContentAsync("#amounts")), StringComparison.Ordinal);
        Assert.Contains(Euros(dossier.Amounts.BalanceCents), Spaces(await operators.Page.TextContentAsync("#balance")), StringComparison.Ordinal);
        Assert.Equal(0, await operators.Page.Locator("#decide-form-A1").CountAsync());
        Assert.Equal(2, await CommandsAuditedAsync(operatorUser.Id, id, "ok:302", "assign-dispute", "decide-dispute"));
        await operators.ClickAsync("lang-nl");
        Assert.Contains("Bedrag verbeterd", await operators.Page.TextContentAsync("#dispute-A1 .dispute-status"), StringComparison.Ordinal);
        Assert.Empty(operators.ConsoleErrors());
    }

    [Fact]
    public async Task a_clerk_raises_a_dispute_on_the_offices_dossier_and_the_operators_page_lists_it_without_the_office_seeing_notes()
    {
        var id = await _data.ServedAsync("disputes-office-o", ConsoleData.Reference("DISO"));
        var (clerk, clerkUser) = await AtAsync(OrganisationKind.BailiffOffice, "disputes-office-o", Roles.BailiffClerk, "/console/office/dossiers/" + id);
        await using (clerk)
        {
            await clerk.Page.SelectOptionAsync("#dispute-ground", nameof(DisputeGround.PaymentAlreadyMade));
            await clerk.Page.SelectOptionAsync("#dispute-raised-by", nameof(DisputeParty.ThirdParty));
            await clerk.Page.FillAsync("#dispute-received-on", Today);
            await clerk.Page.FillAsync("#dispute-note", "Preuve de virement remise à l'étude");
            Assert.Equal(200, (await clerk.ClickAsync("raise-dispute")).Status);
            Assert.EndsWith("/console/office/dossiers/" + id, clerk.Page.Url, StringComparison.Ordinal);
            Assert.Contains("Paiement déjà effectué", await clerk.Page.TextContentAsync("#dispute-A1"), StringComparison.Ordinal);
            // The office's view carries no note of a dispute, not even its own.
            Assert.DoesNotContain("virement", await clerk.Page.TextContentAsync("#amicable-disputes"), StringComparison.Ordinal);
            Assert.Equal(1, await CommandsAuditedAsync(clerkUser.Id, id, "ok:302", "raise-dispute"));
            Assert.Empty(clerk.ConsoleErrors());
        }

        var (operators, _) = await AtAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator, "/console/dossiers/" + id);
        await using var _o = operators;
        var row = await operators.Page.TextContentAsync("#dispute-A1");
        Assert.Contains("Étude (disputes-office-o)", row, StringComparison.Ordinal);
        Assert.Contains("Tiers", row, StringComparison.Ordinal);
        Assert.Contains("virement", await operators.Page.TextContentAsync("#amicable-disputes"), StringComparison.Ordinal);
        Assert.Equal(1, await operators.Page.Locator("#take-A1").CountAsync());
        Assert.Empty(operators.ConsoleErrors());
    }

    [Fact]
    public async Task an_operator_records_a_judicial_dispute_and_a_hearing_then_postpones_it_and_the_key_date_moves()
    {
        var id = await _data.ServedAsync("disputes-office-j", ConsoleData.Reference("DISJ"));
        var (operators, operatorUser) = await AtAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator, "/console/dossiers/" + id);
        await using var _ = operators;
        var first = ConsoleData.Today.AddDays(20);
        var moved = ConsoleData.Today.AddDays(41);

        await operators.Page.SelectOptionAsync("#judicial-kind", nameof(JudicialDisputeKind.AttachmentJudge));
        await operators.Page.FillAsync("#judicial-court", "Tribunal de première instance de Liège, juge des saisies");
        await operators.Page.FillAsync("#judicial-filed-on", Today);
        await operators.Page.FillAsync("#judicial-first-hearing", Day(first));
        Assert.Equal(200, (await operators.ClickAsync("record-judicial")).Status);
        Assert.Contains("Juge des saisies", await operators.Page.TextContentAsync("#dispute-J1"), StringComparison.Ordinal);
        Assert.Equal(ConsoleDataDate(first), await operators.Page.TextContentAsync("#dispute-J1 .hearings"));
        Assert.Equal(first, await HearingKeyDateAsync(id));
        Assert.Contains(ConsoleDataDate(first), await operators.Page.TextContentAsync("#key-dates"), StringComparison.Ordinal);

        Assert.Equal("Remettre l'audience", await operators.Page.TextContentAsync("#hearing-J1"));
        await operators.Page.FillAsync("#hearing-date-J1", Day(moved));
        Assert.Equal(200, (await operators.ClickAsync("hearing-J1")).Status);

        Assert.Equal(moved, await HearingKeyDateAsync(id));
        Assert.Equal(ConsoleDataDate(first) + " → " + ConsoleDataDate(moved), await operators.Page.TextContentAsync("#dispute-J1 .hearings"));
        var keyDates = await operators.Page.TextContentAsync("#key-dates");
        Assert.Contains(ConsoleDataDate(moved), keyDates, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleDataDate(first), keyDates, StringComparison.Ordinal);
        Assert.Equal(2, await CommandsAuditedAsync(operatorUser.Id, id, "ok:302", "record-judicial-dispute", "record-hearing"));

        await operators.Page.SelectOptionAsync("#judicial-outcome-J1", nameof(JudicialOutcome.Withdrawn));
        await operators.Page.FillAsync("#judicial-decided-on-J1", Today);
        Assert.Equal(200, (await operators.ClickAsync("judicial-decide-J1")).Status);
        Assert.Contains("Retirée", await operators.Page.TextContentAsync("#dispute-J1 .dispute-status"), StringComparison.Ordinal);
        Assert.Equal(JudicialOutcome.Withdrawn, Assert.Single((await Dossier(id).GetAsync()).Disputes!.Judicial).Outcome);
        Assert.Empty(operators.ConsoleErrors());
    }

    [Fact]
    public async Task a_seizure_of_five_assets_is_entered_by_adding_rows_with_the_values_kept_and_all_five_are_shown()
    {
        var id = await _data.ServedAsync("disputes-office-s", ConsoleData.Reference("DISS"));
        var (bailiff, _) = await AtAsync(OrganisationKind.BailiffOffice, "disputes-office-s", Roles.Bailiff, "/console/office/dossiers/" + id);
        await using var _ = bailiff;
        Assert.Equal(3, await bailiff.Page.Locator("#seizure-form input[name=assetDescription]").CountAsync());
        await bailiff.Page.SelectOptionAsync("#seizure-kind", nameof(SeizureKind.MovableGoods));
        await bailiff.Page.FillAsync("#seizure-date", Today);
        await bailiff.Page.FillAsync("#seizure-act", "PV-5");
        var assets = new[] { ("Téléviseur", "400,00"), ("Canapé", ""), ("Table en chêne", "1 250,50"), ("Vélo", "90"), ("Piano droit", "2.000,00") };
        for (var i = 0; i < 3; i++)
        {
            await bailiff.Page.FillAsync($"#seizure-asset-{i + 1}", assets[i].Item1);
            await bailiff.Page.FillAsync($"#seizure-asset-value-{i + 1}", assets[i].Item2);
        }
        for (var i = 3; i < 5; i++)
        {
            // No script: the form comes back with one more row and what was typed.
            Assert.Equal(200, (await bailiff.ClickAsync("add-asset")).Status);
            Assert.Equal(i + 1, await bailiff.Page.Locator("#seizure-form input[name=assetDescription]").CountAsync());
            Assert.Equal(assets[2].Item2, await bailiff.Page.InputValueAsync("#seizure-asset-value-3"));
            Assert.Equal("PV-5", await bailiff.Page.InputValueAsync("#seizure-act"));
            await bailiff.Page.FillAsync($"#seizure-asset-{i + 1}", assets[i].Item1);
            await bailiff.Page.FillAsync($"#seizure-asset-value-{i + 1}", assets[i].Item2);
        }
        Assert.Empty((await Dossier(id).GetForOfficeAsync("disputes-office-s")).Seizures);
        Assert.Equal(200, (await bailiff.ClickAsync("report-seizure")).Status);

        var seizure = Assert.Single((await Dossier(id).GetForOfficeAsync("disputes-office-s")).Seizures);
        Assert.Equal(new (string, long?)[] { ("Téléviseur", 40_000), ("Canapé", null), ("Table en chêne", 125_050), ("Vélo", 9_000), ("Piano droit", 200_000) },
            seizure.Assets!.Select(a => (a.Description, a.EstimatedValueCents)));
        var shown = await bailiff.Page.Locator("#seizures .assets li").AllTextContentsAsync();
        Assert.Equal(5, shown.Count);
        Assert.Equal("Table en chêne · 1 250,50 €", Spaces(shown[2]));
        Assert.Equal(3, await bailiff.Page.Locator("#seizure-form input[name=assetDescription]").CountAsync());
        Assert.Empty(bailiff.ConsoleErrors());
    }

    private static string ConsoleDataDate(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private async Task<DateOnly?> HearingKeyDateAsync(string id) =>
        (await Dossier(id).GetAsync()).KeyDates.SingleOrDefault(k => k.Name.Contains("J1", StringComparison.Ordinal) && !k.Reached)?.Date;

    /// <summary>How many audit entries of the user on the dossier (action <c>dossier.read</c>) have this outcome and one of these commands.</summary>
    private async Task<int> CommandsAuditedAsync(Guid user, string dossierId, string outcome, params string[] commands)
    {
        var db = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = db.CreateCommand(
            "SELECT count(*) FROM audit_log WHERE user_id = $1 AND dossier_id = $2 AND action = 'dossier.read' AND outcome = $3 AND details = ANY($4)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = user });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = outcome });
        cmd.Parameters.Add(new NpgsqlParameter { Value = commands.Select(c => $"{{\"command\":\"{c}\"}}").ToArray() });
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }
}
