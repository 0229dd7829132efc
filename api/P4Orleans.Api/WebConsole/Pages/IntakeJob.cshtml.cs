using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// One bulk intake job: its counts, updated while it runs by the gateway's own small script (polling
/// <c>/console/intake/{id}/progress</c>), and its rejected lines with their reasons (the first page; all in the CSV).
/// Audited as the API's line read-back: the lines carry ONSS references.
/// </summary>
[Authorize(Policy = ConsolePolicies.Intake)]
[ConsoleAudited("intake-job.read-lines", "intake-job")]
public sealed class IntakeJobModel(IntakeService intake) : ConsolePage
{
    /// <summary>The rejected lines the page shows; the download has them all.</summary>
    public const int ShownRejections = 200;

    [FromRoute]
    public Guid Id { get; set; }

    public IntakeJob? Job { get; private set; }

    public IReadOnlyList<IntakeLineResult> Rejections { get; private set; } = [];

    public bool MoreRejections { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Job = await intake.FindJobAsync(Id, ct);
        if (Job is null)
        {
            return NotFoundPage();
        }
        var page = await intake.LinesAsync(Id, 0, ShownRejections, LineOutcome.Rejected, ct);
        Rejections = page.Items;
        MoreRejections = page.Next is not null;
        return Page();
    }
}
