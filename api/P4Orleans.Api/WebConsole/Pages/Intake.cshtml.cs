using Microsoft.AspNetCore.Authorization;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>The bulk intake jobs (Operators, Ops), newest first: counts only, nothing personal.</summary>
[Authorize(Policy = ConsolePolicies.Intake)]
public sealed class IntakeModel(ConsoleQueries queries) : ConsolePage
{
    public IReadOnlyList<IntakeJob> Jobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Jobs = await queries.IntakeJobsAsync(ct);
}
