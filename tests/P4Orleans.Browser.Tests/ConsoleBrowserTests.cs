using System.Runtime.CompilerServices;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Browser.Tests;

/// <summary>The console in a real chromium against the real gateway: sign-in, the Ops pages, refusals, sign-out.</summary>
public sealed class ConsoleBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => BrowserSession.OpenAsync(gateway, test);

    [Fact]
    public async Task an_ops_user_signs_in_through_the_development_page_and_opens_the_ops_pages()
    {
        var ops = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Ops);
        await using var browser = await OpenAsync();

        var signedIn = await browser.SignInAsync(ops.Id);
        Assert.Equal(200, signedIn.Status);
        Assert.EndsWith("/console", browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal("Ops browser user", await browser.Page.TextContentAsync("#user"));

        Assert.Equal(200, (await browser.ClickAsync("ops")).Status);
        Assert.EndsWith("/console/ops", browser.Page.Url, StringComparison.Ordinal);
        var nodes = await browser.ClickAsync("nodes");

        Assert.Equal(200, nodes.Status);
        Assert.StartsWith("[", (await browser.Page.TextContentAsync("body"))?.Trim(), StringComparison.Ordinal);
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task an_ops_user_opens_the_orleans_dashboard_and_sees_the_silo_and_the_dossier_grain_type()
    {
        var ops = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Ops);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(ops.Id);

        var dashboard = await browser.GoAsync("/ops/dashboard/");
        Assert.Equal(200, dashboard.Status);
        // The page's own requests carry the session cookie: the cluster's silo (co-hosted, on loopback, active)
        // and the dossier grain type, as the dashboard's scripts read them.
        // The dashboard samples the cluster on its own period: right after start it may list no silo yet.
        const string Read = "fetch('/ops/dashboard/DashboardCounters').then(r => r.ok ? r.text() : 'HTTP ' + r.status)";
        var counters = await browser.Page.EvaluateAsync<string>(Read);
        for (var tries = 0; !counters.Contains("127.0.0.1", StringComparison.Ordinal) && tries < 60; tries++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
            counters = await browser.Page.EvaluateAsync<string>(Read);
        }

        Assert.Contains("127.0.0.1", counters, StringComparison.Ordinal);
        Assert.Contains("Active", counters, StringComparison.Ordinal);
        var types = await browser.Page.EvaluateAsync<string>("fetch('/ops/dashboard/GrainTypes').then(r => r.text())");
        Assert.Contains("P4Orleans.Domain.Orleans.DossierGrain", types, StringComparison.Ordinal);
        await browser.Page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(BrowserSession.ScreenshotFolder, "orleans-dashboard.png") });
    }

    [Theory]
    [InlineData(Roles.Operator, OrganisationKind.Concessionaire, "concessionaire")]
    [InlineData(Roles.OnssAgent, OrganisationKind.Onss, "onss")]
    public async Task a_user_without_the_ops_role_is_refused_the_orleans_dashboard(string role, OrganisationKind kind, string organisation)
    {
        var user = await gateway.UserAsync(kind, organisation, role);
        await using var browser = await OpenAsync(nameof(a_user_without_the_ops_role_is_refused_the_orleans_dashboard) + "-" + role);
        await browser.SignInAsync(user.Id);

        var refused = await browser.GoAsync("/ops/dashboard/");

        Assert.Equal(403, refused.Status);
        Assert.Equal("Access refused", await browser.Page.TextContentAsync("h1"));
    }

    [Fact]
    public async Task a_browser_not_signed_in_is_sent_to_sign_in_and_back_to_the_page_it_asked_for()
    {
        var ops = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Ops);
        await using var browser = await OpenAsync();

        var first = await browser.GoAsync("/console/ops");
        Assert.Equal(200, first.Status);
        Assert.Contains("/console/sign-in?returnUrl=%2Fconsole%2Fops", browser.Page.Url, StringComparison.Ordinal);

        await browser.SignInAsync(ops.Id);

        Assert.EndsWith("/console/ops", browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal("Exploitation", await browser.Page.TextContentAsync("h1"));
        Assert.Empty(browser.ConsoleErrors());
    }

    [Theory]
    [InlineData(Roles.Operator, OrganisationKind.Concessionaire, "concessionaire", "/console/ops")]
    [InlineData(Roles.Bailiff, OrganisationKind.BailiffOffice, "office-1", "/console/ops")]
    [InlineData(Roles.Bailiff, OrganisationKind.BailiffOffice, "office-1", "/ops/nodes")]
    public async Task a_signed_in_user_without_the_ops_role_is_shown_a_403_page(string role, OrganisationKind kind, string organisation, string path)
    {
        var user = await gateway.UserAsync(kind, organisation, role);
        await using var browser = await OpenAsync(nameof(a_signed_in_user_without_the_ops_role_is_shown_a_403_page) + "-" + role);
        await browser.SignInAsync(user.Id);

        var refused = await browser.GoAsync(path);

        Assert.Equal(403, refused.Status);
        Assert.Equal("Access refused", await browser.Page.TextContentAsync("h1"));
        Assert.Empty(browser.ConsoleErrors(403));
    }

    [Theory]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Revoked)]
    public async Task a_user_suspended_or_revoked_after_signing_in_is_sent_to_sign_in_at_the_next_navigation(UserStatus status)
    {
        var ops = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Ops);
        await using var browser = await OpenAsync(nameof(a_user_suspended_or_revoked_after_signing_in_is_sent_to_sign_in_at_the_next_navigation) + "-" + status);
        await browser.SignInAsync(ops.Id);
        Assert.Equal(200, (await browser.GoAsync("/console/ops")).Status);

        await gateway.Registry.SetStatusAsync(ops.Id, status, TestContext.Current.CancellationToken);
        await browser.GoAsync("/console/ops");

        Assert.Contains("/console/sign-in", browser.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await browser.Page.Context.CookiesAsync(), c => c.Name == "p4.session");
        var again = await browser.SignInAsync(ops.Id);
        Assert.Equal(403, again.Status);
        Assert.Equal("No active registered user has this id.", await browser.Page.TextContentAsync("#message"));
        Assert.Empty(browser.ConsoleErrors(403));
    }

    [Theory]
    [InlineData("sign-in")]
    [InlineData("sign-out")]
    public async Task a_form_posted_without_its_anti_forgery_token_is_refused(string form)
    {
        var ops = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Ops);
        await using var browser = await OpenAsync(nameof(a_form_posted_without_its_anti_forgery_token_is_refused) + "-" + form);
        if (form == "sign-out")
        {
            await browser.SignInAsync(ops.Id);
        }
        else
        {
            await browser.GoAsync("/console/sign-in");
            await browser.Page.FillAsync("#userId", ops.Id.ToString());
        }

        await browser.Page.Locator("input[name=__RequestVerificationToken]").EvaluateAllAsync<int>("es => { es.forEach(e => e.remove()); return es.length; }");
        var refused = await browser.ClickAsync(form);

        Assert.Equal(400, refused.Status);
        Assert.EndsWith("refused", await browser.Page.TextContentAsync("h1"), StringComparison.Ordinal);
        // Refused sign-in: still no session; refused sign-out: the session goes on.
        var console = await browser.GoAsync("/console");
        Assert.Equal(form == "sign-out", console.Url.EndsWith("/console", StringComparison.Ordinal));
        Assert.Empty(browser.ConsoleErrors(400));
    }

    [Fact]
    public async Task signing_out_ends_the_session()
    {
        var ops = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Ops);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(ops.Id);

        var signedOut = await browser.ClickAsync("sign-out");

        Assert.Equal(200, signedOut.Status);
        Assert.Equal("Signed out", await browser.Page.TextContentAsync("h1"));
        await browser.GoAsync("/console/ops");
        Assert.Contains("/console/sign-in", browser.Page.Url, StringComparison.Ordinal);
        Assert.Empty(browser.ConsoleErrors());
    }
}
