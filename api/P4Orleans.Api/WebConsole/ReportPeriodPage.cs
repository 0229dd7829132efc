using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Compliance;
using P4Orleans.Grains;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// A security report of a period of Brussels days (both ends included), checked by <see cref="ReportPeriod.Of"/> as the
/// API checks it. Without a period the form proposes the last 30 days by the platform clock and shows no report yet.
/// </summary>
public abstract class ReportPeriodPage : ConsolePage
{
    /// <summary>The period's first day.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    /// <summary>The period's last day.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>True when the form also filters on an office.</summary>
    public virtual bool FiltersOffice => false;

    /// <summary>The office filtered on, if any.</summary>
    public virtual string? OfficeFilter => null;

    /// <summary>The query string of the period, for links.</summary>
    public string PeriodQuery => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

    /// <summary>True when the request asked for a report (a period given, or half of one: that is a 400).</summary>
    protected bool Asked => Request.Query.ContainsKey("from") || Request.Query.ContainsKey("to");

    /// <summary>Fills an empty form with the last 30 days.</summary>
    protected void ProposeLastDays()
    {
        var today = Brussels.DateOf(HttpContext.RequestServices.GetRequiredKeyedService<TimeProvider>(PlatformClock.Key).GetUtcNow());
        From ??= today.AddDays(-29);
        To ??= today;
    }

    /// <summary>The checked period; a bad one is a 400 on the page (model binding errors included).</summary>
    protected ReportPeriod CheckedPeriod()
    {
        if (!ModelState.IsValid)
        {
            throw new Problems.ValidationFailedException("from", T["invalid-filter"]);
        }
        return ReportPeriod.Of(From, To);
    }
}
