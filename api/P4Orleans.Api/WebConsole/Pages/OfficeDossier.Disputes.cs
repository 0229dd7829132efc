using Microsoft.AspNetCore.Mvc;

namespace P4Orleans.Api.WebConsole.Pages;

// An amicable dispute the debtor or a third party raised with the office. A clerk may, as through the API
// (BailiffRaiseDispute is open to Bailiff and BailiffClerk of the office).
public sealed partial class OfficeDossierModel
{
    /// <summary>Records an amicable dispute raised with the office (as <c>BailiffRaiseDispute</c>).</summary>
    public Task<IActionResult> OnPostRaiseDisputeAsync([FromForm] string? ground, [FromForm] string? raisedBy, [FromForm] DateOnly? receivedOn,
        [FromForm] string? note) =>
        CommandAsync("raise-dispute", async (d, office) => await d.RaiseDisputeAsync(office, ConsoleDisputes.Report(HttpContext, T, ground, raisedBy, receivedOn, note)),
            redirect: true);
}
