using System.Runtime.CompilerServices;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Browser.Tests;

/// <summary>
/// Every console page of each role, opened in chromium: it answers 200, has its language, one h1 and the main landmark,
/// shows no console error, and is saved as a screenshot (the ones in docs/screenshots come from here).
/// </summary>
public sealed class ConsoleTourBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private readonly ConsoleData _data = new(gateway);

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => BrowserSession.OpenAsync(gateway, test);

    [Fact]
    public async Task every_page_of_an_operator_opens_without_console_errors()
    {
        var served = await _data.ServedAsync("office-tour", ConsoleData.Reference("TOUR"));
        var (manual, arrondissement) = await _data.ManualDecisionAsync(ConsoleData.Reference("TOURMD"));
        await _data.RegisterOfficeAsync("office-tour-gent", arrondissement);
        var user = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(user.Id);

        await VisitAsync(browser, "/console", "home");
        await VisitAsync(browser, "/console/dossiers?status=Accepted", "dossiers");
        await VisitAsync(browser, "/console/dossiers/" + served, "dossier");
        await VisitAsync(browser, "/console/dossiers/" + manual, "dossier-manual-decision");
        await VisitAsync(browser, "/console/decisions", "decisions");
        await VisitAsync(browser, "/console/offices", "offices");
        await VisitAsync(browser, "/console/intake", "intake");
        await VisitAsync(browser, "/console/offices/office-tour/remittances?period=" + ThisMonth, "office-remittances");
        await VisitAsync(browser, "/console/remittances", "remittances");
        await browser.ClickAsync("lang-nl");
        await VisitAsync(browser, "/console/dossiers/" + served, "dossier-nl");
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task every_page_of_ops_a_coordinator_a_dpo_an_onss_agent_and_a_bailiff_opens_without_console_errors()
    {
        // Served: the office's page shows the forms of its acts (seizure, payment, opposition, document).
        var dossier = await _data.ServedAsync("office-tour-b", ConsoleData.Reference("TOURB"));
        var pages = new (string Role, OrganisationKind Kind, string Organisation, string[] Paths)[]
        {
            (Roles.Ops, OrganisationKind.Concessionaire, "concessionaire", ["/console/ops", "/console/intake"]),
            (Roles.SecurityCoordinator, OrganisationKind.Concessionaire, "concessionaire", ["/console/audit", "/console/security/anomalies?" + LastDays,
                "/console/security/infractions?" + LastDays, "/console/security/yearly"]),
            (Roles.DataProtectionManager, OrganisationKind.Concessionaire, "concessionaire", ["/console/security/retention", "/console/security/anomalies"]),
            (Roles.OnssAgent, OrganisationKind.Onss, "onss", ["/console/dossiers", "/console/dossiers/" + dossier]),
            (Roles.Bailiff, OrganisationKind.BailiffOffice, "office-tour-b", ["/console/office", "/console/office/dossiers/" + dossier,
                "/console/office/remittances?period=" + ThisMonth]),
        };
        foreach (var (role, kind, organisation, paths) in pages)
        {
            var user = await gateway.UserAsync(kind, organisation, role);
            await using var browser = await OpenAsync(nameof(every_page_of_ops_a_coordinator_a_dpo_an_onss_agent_and_a_bailiff_opens_without_console_errors) + "-" + role);
            await browser.SignInAsync(user.Id);
            foreach (var path in paths)
            {
                await VisitAsync(browser, path, role.ToLowerInvariant() + "-" + ShotName(path));
            }
            Assert.Empty(browser.ConsoleErrors());
        }
    }

    private static string ThisMonth => ConsoleData.Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private static string LastDays => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"from={ConsoleData.Today.AddDays(-29):yyyy-MM-dd}&to={ConsoleData.Today:yyyy-MM-dd}");

    /// <summary>
    /// A screenshot's name: the page's first segment after /console, two for the reports and an office's dossier
    /// (security-anomalies, office-remittances, office-dossiers), so that no page's picture replaces another's.
    /// </summary>
    private static string ShotName(string path)
    {
        var segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries)[1..];
        return segments.Length > 1 && (segments[0] == "security" || segments[1] is "remittances" or "dossiers") ? segments[0] + "-" + segments[1] : segments[0];
    }

    private static async Task VisitAsync(BrowserSession browser, string path, string name)
    {
        var response = await browser.GoAsync(path);
        Assert.Equal(200, response.Status);
        Assert.Contains(await browser.Page.GetAttributeAsync("html", "lang"), new[] { "fr", "nl" });
        Assert.Equal(1, await browser.Page.Locator("h1").CountAsync());
        Assert.Equal(1, await browser.Page.Locator("main#main").CountAsync());
        Assert.Equal(1, await browser.Page.Locator("a.skip[href='#main']").CountAsync());
        // Every form control has its label.
        var unlabelled = await browser.Page.EvaluateAsync<int>(
            "[...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')].filter(e => !e.labels || e.labels.length === 0).length");
        Assert.Equal(0, unlabelled);
        await browser.SaveAsync(name);
    }
}
