using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using P4Orleans.Api.Problems;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// What every console page shares: its texts, a message after a refused action (the same refusals as the API's problems,
/// as text), and the bounds of what a form may carry.
/// </summary>
[RequestFormLimits(ValueCountLimit = 32, KeyLengthLimit = 64, ValueLengthLimit = 4096, MultipartBodyLengthLimit = 64 * 1024)]
[RequestSizeLimit(64 * 1024)]
public abstract partial class ConsolePage : PageModel
{
    /// <summary>The longest free text a console form takes (a reason, a note).</summary>
    public const int MaxText = 1000;

    public ConsoleText T => ConsoleText.Of(HttpContext);

    /// <summary>Why the last action was refused (shown in an alert), or null.</summary>
    public string? Message { get; protected set; }

    /// <summary>What the last action did (shown in a status line), or null.</summary>
    public string? Done { get; protected set; }

    /// <summary>
    /// Runs a command; a refusal of the platform becomes <see cref="Message"/> and the page's status (the same status as
    /// the API's problem for it). True when the command succeeded.
    /// </summary>
    protected async Task<bool> TryAsync(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (Exception e) when (Refusal(e) is { } refusal)
        {
            Message = refusal.Text;
            Response.StatusCode = refusal.Status;
            return false;
        }
    }

    /// <summary>The page again with the status a refusal set (Razor Pages would answer 200).</summary>
    protected PageResult PageWithStatus()
    {
        var page = Page();
        page.StatusCode = Response.StatusCode;
        return page;
    }

    /// <summary>The console's 404: the same for a dossier that does not exist and one the user may not see.</summary>
    protected IActionResult NotFoundPage()
    {
        Message = T["not-found"];
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }

    /// <summary>A typed text of a form: trimmed, at most <paramref name="max"/> characters, no control character; else null.</summary>
    public static string? Clean(string? value, int max = MaxText) =>
        value?.Trim() is { Length: > 0 } t && t.Length <= max && !t.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? t : null;

    private (int Status, string Text)? Refusal(Exception e) => e switch
    {
        DossierNotFoundException or NotAssignedOfficeException or NotFoundException => (404, T["not-found"]),
        BailiffNotFoundException => (404, T["office-not-found"]),
        DisputeNotFoundException => (404, T["dispute-not-found"]),
        IllegalTransitionException t => (409, T["not-allowed-now"] + " " + t.Message),
        DossierValidationException v => (400, v.Message),
        ValidationFailedException v => (400, v.Message),
        ConflictException c => (409, c.Message),
        // A document's refusals, with the API's statuses: too large 413, empty or not PDF, TIFF, PNG or JPEG 415.
        PayloadTooLargeException p => (413, p.Message),
        Recovery.Documents.DocumentRejectedException d => (415, d.Message),
        // As the API: an unknown communication is "not found", not a conflict.
        CommunicationNotFoundException => (404, T["communication-not-found"]),
        DomainException d => (409, d.Message),
        _ => null,
    };
}
