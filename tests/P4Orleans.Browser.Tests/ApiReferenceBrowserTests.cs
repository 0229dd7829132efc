using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Browser.Tests;

/// <summary>The API reference page (Scalar) in a real chromium: rendered for a signed-in user from the gateway alone.</summary>
public sealed class ApiReferenceBrowserTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => BrowserSession.OpenAsync(gateway, test);

    [Fact]
    public async Task a_signed_in_user_opens_the_api_reference_and_sees_an_operation_with_nothing_fetched_from_elsewhere()
    {
        var operator_ = await gateway.UserAsync(OrganisationKind.Concessionaire, "concessionaire", Roles.Operator);
        await using var browser = await OpenAsync();
        // Every request leaving for another host is refused and noted: the platform may run offline.
        var elsewhere = new List<string>();
        await browser.Page.Context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == gateway.Address.Authority)
            {
                await route.ContinueAsync();
                return;
            }

            lock (elsewhere)
            {
                elsewhere.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        await browser.SignInAsync(operator_.Id);

        var page = await browser.GoAsync("/docs");

        Assert.Equal(200, page.Status);
        // The reference reads the document with the session's cookie and lists its operations by summary.
        var shown = await SeesOperationAsync(browser);
        await browser.Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotFolder, "api-reference.png") });
        lock (elsewhere)
        {
            Assert.True(shown, "no operation shown; requests to other hosts: " + string.Join(", ", elsewhere) + "; errors: " + string.Join(", ", browser.ConsoleErrors()));
            Assert.Empty(elsewhere);
        }

        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task a_browser_not_signed_in_is_sent_to_sign_in_from_the_api_reference_and_back_to_it()
    {
        var user = await gateway.UserAsync(OrganisationKind.Onss, "onss", Roles.OnssAgent);
        await using var browser = await OpenAsync();

        var first = await browser.GoAsync("/docs");

        Assert.Equal(200, first.Status);
        Assert.Contains("/console/sign-in?returnUrl=%2Fdocs", browser.Page.Url, StringComparison.Ordinal);
        await browser.SignInAsync(user.Id);
        // The reference page answers /docs by its canonical /docs/ (the reference may add a fragment once it renders).
        Assert.Equal("/docs/", new Uri(browser.Page.Url).AbsolutePath);
        Assert.True(await SeesOperationAsync(browser), string.Join(", ", browser.ConsoleErrors()));
    }

    private static async Task<bool> SeesOperationAsync(BrowserSession browser)
    {
        try
        {
            // The first tag (Health) is open when the page loads: its operations are listed by their summary.
            await browser.Page.GetByText("The process is up").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
