using Microsoft.Playwright;

namespace P4Orleans.Browser.Tests;

/// <summary>
/// One test's browser: its own context (cookies of its own), one page, every console error and page error recorded,
/// and a screenshot of each page visited, under <c>TestResults/screenshots</c> of the test output (or <c>P4_SCREENSHOTS</c>).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _test;
    private readonly List<string> _errors = [];
    private int _shots;

    private BrowserSession(IBrowserContext context, IPage page, string test)
    {
        _context = context;
        Page = page;
        _test = test;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"{message.Location}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("page error: " + error);
            }
        };
    }

    public IPage Page { get; }

    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("P4_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task<BrowserSession> OpenAsync(BrowserGateway gateway, string test)
    {
        var context = await gateway.Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = gateway.Address.ToString().TrimEnd('/') });
        // A bound on each step, generous: two cores shared with builds can make one page take seconds.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return new BrowserSession(context, await context.NewPageAsync(), test);
    }

    /// <summary>Opens a path and takes its screenshot; the response of the last navigation (after redirects).</summary>
    public async Task<IResponse> GoAsync(string path)
    {
        var response = await Page.GotoAsync(path) ?? throw new InvalidOperationException($"No response for {path}.");
        await ShotAsync();
        return response;
    }

    /// <summary>Clicks the button (of a form) or link with this id; the response of the page it leads to.</summary>
    public async Task<IResponse> ClickAsync(string buttonId)
    {
        // The page the form leads to: the last response of the main frame's navigation, after any redirect.
        var response = await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#" + buttonId),
            r => r.Request.IsNavigationRequest && r.Frame == Page.MainFrame && r.Status is not (301 or 302 or 303 or 307 or 308));
        await LoadedAsync();
        await ShotAsync();
        return response;
    }

    /// <summary>
    /// For an assertion's message: the page's <c>#message</c> if it has one, else its status line and address, at once
    /// (a failing assertion must not wait out the step timeout for an element the page does not have).
    /// </summary>
    public async Task<string> MessageOrPageAsync()
    {
        var message = Page.Locator("#message");
        return await message.CountAsync() > 0 ? await message.First.TextContentAsync() ?? "" : $"(no #message on {Page.Url}: {await Page.TitleAsync()})";
    }

    /// <summary>
    /// Waits for the page's load event. Under heavy load the driver was once seen to miss it (90 s without it, the
    /// network idle meanwhile): after 30 s the document itself is asked, and a document not complete still fails.
    /// </summary>
    private async Task LoadedAsync()
    {
        try
        {
            await Page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            if (await Page.EvaluateAsync<string>("document.readyState") != "complete")
            {
                throw;
            }
        }
    }

    /// <summary>Signs in through the development page, from wherever the browser was sent to it.</summary>
    public async Task<IResponse> SignInAsync(Guid userId)
    {
        if (!Page.Url.Contains("/console/sign-in", StringComparison.Ordinal))
        {
            await GoAsync("/console/sign-in");
        }
        await Page.FillAsync("#userId", userId.ToString());
        return await ClickAsync("sign-in");
    }

    /// <summary>
    /// The console errors of every page visited. A page answered with an error status is logged by chromium as a failed
    /// load of that very page: <paramref name="expectedStatuses"/> names the statuses the test meant to see.
    /// </summary>
    public IReadOnlyList<string> ConsoleErrors(params int[] expectedStatuses)
    {
        lock (_errors)
        {
            return [.. _errors.Where(e => !expectedStatuses.Any(s => e.Contains($"Failed to load resource: the server responded with a status of {s}", StringComparison.Ordinal)))];
        }
    }

    /// <summary>
    /// Saves the page under a stable name in <c>console/</c> of the screenshot folder (the README's pictures are copied
    /// from there into docs/screenshots).
    /// </summary>
    public async Task SaveAsync(string name)
    {
        var folder = Path.Combine(ScreenshotFolder, "console");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private async Task ShotAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var name = $"{_test}-{++_shots:D2}-{new Uri(Page.Url).AbsolutePath.Trim('/').Replace('/', '_')}.png";
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
