using System.Runtime.CompilerServices;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Browser.Tests;

/// <summary>The console's dossier pages in a real chromium: search, timeline in both languages, manual decisions, bailiffs.</summary>
public sealed class ConsoleDossierBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private readonly ConsoleData _data = new(gateway);

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => BrowserSession.OpenAsync(gateway, test);

    [Fact]
    public async Task an_operator_finds_a_dossier_by_reference_and_reads_its_opposition_deadline_explained_in_french_then_in_dutch()
    {
        var reference = ConsoleData.Reference("TL");
        var dossierId = await _data.ServedAsync("office-tl", reference);
        var operatorUser = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(operatorUser.Id);

        await browser.ClickAsync("nav-dossiers");
        await browser.Page.FillAsync("#reference", reference);
        var found = await browser.ClickAsync("find");

        Assert.Equal(200, found.Status);
        // The reference was posted: the address names the opaque dossier id only.
        Assert.EndsWith("/console/dossiers/" + dossierId, browser.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal(reference, await browser.Page.TextContentAsync("#reference"));
        var deadline = browser.Page.Locator("#timeline .deadline[data-deadline=opposition-deadline]").First;
        Assert.Contains("Délai d'opposition", await deadline.TextContentAsync(), StringComparison.Ordinal);
        var french = await deadline.Locator(".explanation").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(french));

        await browser.ClickAsync("lang-nl");

        Assert.EndsWith("/console/dossiers/" + dossierId, browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal("nl", await browser.Page.GetAttributeAsync("html", "lang"));
        deadline = browser.Page.Locator("#timeline .deadline[data-deadline=opposition-deadline]").First;
        Assert.Contains("Verzetstermijn", await deadline.TextContentAsync(), StringComparison.Ordinal);
        var dutch = await deadline.Locator(".explanation").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(dutch));
        Assert.NotEqual(french, dutch);
        // The choice is remembered on the next page.
        await browser.ClickAsync("nav-dossiers");
        Assert.Equal("Dossiers", await browser.Page.TextContentAsync("h1"));
        Assert.Equal("Zoeken", await browser.Page.TextContentAsync("#find"));
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task an_unknown_reference_and_a_filter_of_the_wrong_type_are_answered_on_the_page_without_a_server_error()
    {
        var operatorUser = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(operatorUser.Id);
        await browser.GoAsync("/console/dossiers");

        await browser.Page.FillAsync("#reference", "NO-SUCH-REFERENCE <script>");
        var missing = await browser.ClickAsync("find");
        Assert.Equal(404, missing.Status);
        Assert.Equal("Aucun dossier n'a cette référence.", await browser.Page.TextContentAsync("#message"));

        foreach (var query in new[] { "?status=Nonsense", "?deadlineBefore=31-31-2026", "?office=" + new string('x', 300) })
        {
            Assert.Equal(400, (await browser.GoAsync("/console/dossiers" + query)).Status);
            Assert.Equal("Un filtre n'est pas valable.", await browser.Page.TextContentAsync("#message"));
        }
        Assert.Equal(404, (await browser.GoAsync("/console/dossiers/no-such-dossier")).Status);
        Assert.Empty(browser.ConsoleErrors(400, 404));
    }

    [Fact]
    public async Task a_filter_by_status_and_arrondissement_lists_the_dossier_with_a_link_to_its_page()
    {
        var reference = ConsoleData.Reference("FL");
        var (dossierId, arrondissement) = await _data.ManualDecisionAsync(reference);
        var operatorUser = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(operatorUser.Id);
        await browser.GoAsync("/console/dossiers");

        await browser.Page.SelectOptionAsync("#status", "NeedsManualDecision");
        await browser.Page.FillAsync("#arrondissement", arrondissement);
        await browser.ClickAsync("filter");

        Assert.Contains("status=NeedsManualDecision", browser.Page.Url, StringComparison.Ordinal);
        var link = browser.Page.Locator($"#results a[href='/console/dossiers/{dossierId}']");
        Assert.Equal(reference, await link.TextContentAsync());
        await browser.GoAsync("/console/dossiers?status=Closed&arrondissement=" + arrondissement);
        Assert.Equal(0, await browser.Page.Locator($"#results a[href='/console/dossiers/{dossierId}']").CountAsync());
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task an_operator_assigns_a_manual_decision_and_the_dossier_page_shows_the_new_office()
    {
        var reference = ConsoleData.Reference("MD");
        // Antwerp: the office registered here must not end the wait of this class's Ghent dossiers.
        var (dossierId, arrondissement) = await _data.ManualDecisionAsync(reference, "2000");
        await _data.RegisterOfficeAsync("office-md", arrondissement);
        var operatorUser = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(operatorUser.Id);

        await browser.ClickAsync("nav-decisions");
        var decision = browser.Page.Locator($"form.decision[data-dossier='{dossierId}']");
        Assert.Contains("office-md", await decision.Locator("select").InnerTextAsync(), StringComparison.Ordinal);
        await decision.Locator("select").SelectOptionAsync("office-md");
        await decision.Locator("input[name=reason]").FillAsync("Seule étude active de l'arrondissement");
        var id = await decision.Locator("button").GetAttributeAsync("id");
        var assigned = await browser.ClickAsync(id!);

        Assert.Equal(200, assigned.Status);
        Assert.EndsWith("/console/dossiers/" + dossierId, browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal("office-md", await browser.Page.TextContentAsync("#office"));
        Assert.Equal("Attribué", await browser.Page.TextContentAsync("#status"));
        // The reason is kept with the decision (a sealed note): the Operators' page shows it.
        Assert.Contains("Seule étude active de l'arrondissement", await browser.Page.TextContentAsync("#notes"), StringComparison.Ordinal);
        Assert.Equal(0, await browser.Page.Locator($"form.decision[data-dossier='{dossierId}']").CountAsync());
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task a_bailiff_accepts_their_office_dossier_and_another_office_dossier_is_not_found()
    {
        var own = await _data.AssignedToAsync("office-own", ConsoleData.Reference("BO"));
        var other = await _data.AssignedToAsync("office-other", ConsoleData.Reference("BX"));
        var bailiff = await gateway.UserAsync(OrganisationKind.BailiffOffice, "office-own", Roles.Bailiff);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(bailiff.Id);

        await browser.ClickAsync("nav-office");
        Assert.Equal(1, await browser.Page.Locator($"#results a[href='/console/office/dossiers/{own}']").CountAsync());
        Assert.Equal(0, await browser.Page.Locator($"#results a[href='/console/office/dossiers/{other}']").CountAsync());
        await browser.GoAsync("/console/office/dossiers/" + own);
        var accepted = await browser.ClickAsync("accept");
        Assert.Equal(200, accepted.Status);
        Assert.Equal("Accepté", await browser.Page.TextContentAsync("#status"));
        Assert.Equal(1, await browser.Page.Locator("#report-service").CountAsync());

        var refused = await browser.GoAsync("/console/office/dossiers/" + other);
        var missing = await browser.GoAsync("/console/office/dossiers/" + Guid.NewGuid().ToString("N"));

        Assert.Equal(404, refused.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal("Dossier introuvable.", await browser.Page.TextContentAsync("#message"));
        Assert.Equal(0, await browser.Page.Locator("#summary").CountAsync());
        // The operators' pages are not the bailiff's.
        Assert.Equal(403, (await browser.GoAsync("/console/dossiers/" + other)).Status);
        Assert.Empty(browser.ConsoleErrors(403, 404));
    }
}
