using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Recovery.Intake;
using P4Orleans.Testing;

namespace P4Orleans.Browser.Tests;

/// <summary>The console's intake, ops and audit pages, the keyboard, and a session ended between two clicks.</summary>
public sealed class ConsoleOperationsBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private readonly ConsoleData _data = new(gateway);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => BrowserSession.OpenAsync(gateway, test);

    [Fact]
    public async Task a_bulk_intake_progress_moves_on_its_page_while_the_file_is_sent_and_its_rejections_download_as_csv()
    {
        using var onss = await _data.OnssClientAsync();
        var body = new Pipe();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/onss/dossiers/bulk") { Content = new FlushingContent(body.Reader) };
        request.Content.Headers.ContentType = new("application/x-ndjson");
        // HTTP/1.1: the client has the answer once the whole file is sent; meanwhile the job shows in the console.
        var sending = onss.SendAsync(request, Ct);
        await WriteLinesAsync(body.Writer, ConsoleData.Reference("BK"), ConsoleData.Reference("BK"));
        var jobId = await _data.RunningJobAsync();
        var ops = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Ops);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(ops.Id);

        await browser.GoAsync("/console/intake/" + jobId);
        Assert.EndsWith("/console/intake/" + jobId, browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal("running", await browser.Page.GetAttributeAsync("#job-status", "data-status"));
        var before = await CountAsync(browser.Page, "#job-linesRead", n => n >= 2);

        // Four more lines, one of them refused: the open page's counts follow without a reload.
        await WriteLinesAsync(body.Writer, ConsoleData.Reference("BK"), ConsoleData.Reference("BK"), ConsoleData.Reference("BK"));
        await body.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"reference\":\"BK-BROKEN\"}\n"), Ct);
        // Lines are committed two titles at a time: the next two at least show up while the file is still open.
        var during = await CountAsync(browser.Page, "#job-linesRead", n => n >= 4);
        Assert.True(during > before, $"the lines read went from {before} to {during}");
        await body.Writer.CompleteAsync();
        using var response = await sending;
        Assert.Contains("\"type\":\"summary\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await CountAsync(browser.Page, "#job-rejected", n => n == 1);
        await browser.Page.Locator("#job-status[data-status=finished]").WaitForAsync();
        Assert.Equal(5, int.Parse((await browser.Page.TextContentAsync("#job-accepted"))!, System.Globalization.CultureInfo.InvariantCulture));

        await browser.GoAsync("/console/intake/" + jobId);
        Assert.Contains("BK-BROKEN", await browser.Page.TextContentAsync("#rejections"), StringComparison.Ordinal);
        var download = await browser.Page.RunAndWaitForDownloadAsync(() => browser.Page.ClickAsync("#download"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Ct);
        Assert.StartsWith("line,reference,field,message", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("\"BK-BROKEN\"", csv, StringComparison.Ordinal);
        // One row per reason of the one refused line (line 6), nothing of the accepted ones.
        var rows = csv.Trim().Split("\r\n")[1..];
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.StartsWith("6,\"BK-BROKEN\",", row, StringComparison.Ordinal));
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task the_ops_page_shows_the_active_silo_the_deadline_backlog_and_links_to_the_dashboard_and_the_metrics()
    {
        var ops = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Ops);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(ops.Id);

        await browser.ClickAsync("nav-ops");

        Assert.Contains("Active", await browser.Page.TextContentAsync("#cluster"), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", await browser.Page.TextContentAsync("#cluster"), StringComparison.Ordinal);
        Assert.Matches("^[0-9]+$", (await browser.Page.TextContentAsync("#due-now"))!);
        Assert.Matches("^[0-9]+$", (await browser.Page.TextContentAsync("#catch-up-runs"))!);
        Assert.Equal("/ops/dashboard/", await browser.Page.GetAttributeAsync("#dashboard", "href"));
        Assert.Equal("/ops/metrics", await browser.Page.GetAttributeAsync("#metrics", "href"));
        Assert.Empty(browser.ConsoleErrors());
        Assert.Equal(200, (await browser.ClickAsync("dashboard")).Status);
    }

    [Fact]
    public async Task a_security_coordinator_filters_the_audit_log_and_verifies_its_chain()
    {
        var coordinator = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.SecurityCoordinator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(coordinator.Id);

        await browser.ClickAsync("nav-audit");
        await browser.Page.FillAsync("#action", "console.sign-in");
        await browser.Page.FillAsync("#userId", coordinator.Id.ToString());
        await browser.ClickAsync("filter");
        var rows = browser.Page.Locator("#entries tbody tr");
        Assert.True(await rows.CountAsync() >= 1);
        foreach (var row in await rows.AllAsync())
        {
            Assert.Contains("console.sign-in", await row.TextContentAsync(), StringComparison.Ordinal);
        }

        var verified = await browser.ClickAsync("verify");

        Assert.Equal(200, verified.Status);
        Assert.Equal("true", await browser.Page.GetAttributeAsync("#verification", "data-intact"));
        Assert.Contains("Chaîne intacte", await browser.Page.TextContentAsync("#verification"), StringComparison.Ordinal);
        Assert.Equal(400, (await browser.GoAsync("/console/audit?userId=not-a-guid")).Status);
        Assert.Empty(browser.ConsoleErrors(400));
    }

    [Fact]
    public async Task a_user_suspended_while_signed_in_is_refused_at_the_next_click()
    {
        var operatorUser = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(operatorUser.Id);
        Assert.Equal(200, (await browser.ClickAsync("nav-dossiers")).Status);

        await gateway.Registry.SetStatusAsync(operatorUser.Id, UserStatus.Suspended, Ct);
        await browser.ClickAsync("nav-decisions");

        Assert.Contains("/console/sign-in?returnUrl=%2Fconsole%2Fdecisions", browser.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await browser.Page.Context.CookiesAsync(), c => c.Name == "p4.session");
    }

    [Fact]
    public async Task the_keyboard_reaches_the_skip_link_the_search_and_the_main_actions()
    {
        var reference = ConsoleData.Reference("KB");
        var (dossierId, _) = await _data.ManualDecisionAsync(reference);
        var operatorUser = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        await browser.SignInAsync(operatorUser.Id);
        await browser.GoAsync("/console/dossiers");
        var page = browser.Page;

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
        // From the main content the next stop is the search by reference; Enter in the field posts it.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("reference", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync(reference);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/console/dossiers/" + dossierId);
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.EndsWith("/console/dossiers/" + dossierId, page.Url, StringComparison.Ordinal);

        // Every control of the page is reached by Tab, each showing its focus, up to the page's main actions.
        var reached = new List<string>();
        for (var i = 0; i < 60 && !reached.Contains("assign"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("document.activeElement.id || document.activeElement.tagName"));
        }
        Assert.Contains("nav-decisions", reached);
        Assert.Contains("sign-out", reached);
        Assert.Contains("officeId", reached);
        Assert.Contains("reason", reached);
        Assert.Contains("assign", reached);
        Assert.Empty(browser.ConsoleErrors());
    }

    private async Task WriteLinesAsync(PipeWriter writer, params string[] references)
    {
        foreach (var reference in references)
        {
            var line = JsonSerializer.Serialize(ConsoleData.Contrainte(reference), IntakeService.Json) + "\n";
            await writer.WriteAsync(Encoding.UTF8.GetBytes(line), Ct);
        }
        await writer.FlushAsync(Ct);
    }

    /// <summary>The number an element shows once it satisfies <paramref name="done"/> (the page's script updates it; bounded wait).</summary>
    private static async Task<int> CountAsync(IPage page, string selector, Func<int, bool> done)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (int.TryParse(await page.TextContentAsync(selector), out var n) && done(n))
            {
                return n;
            }
            await page.WaitForTimeoutAsync(100);
        }
        throw new TimeoutException($"{selector} never reached the expected count.");
    }
}
