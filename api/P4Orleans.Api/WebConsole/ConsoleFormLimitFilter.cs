using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// A posted form the console cannot read answers a console page, never a bare status: a body over the page's limit
/// (<see cref="RequestSizeLimitAttribute"/>: about 21 MiB for the document upload, 64 KiB for the other forms) is a 413 page
/// with the size limits in the user's language, a form beyond its field limits a 400 page. It runs before the anti-forgery
/// check, which reads the form too and would otherwise refuse it with an empty 400.
/// </summary>
internal sealed class ConsoleFormLimitFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>The view of the refusal (a console page with its layout, not a Razor Page of its own).</summary>
    public const string View = "/WebConsole/Pages/Shared/Refused.cshtml";

    // Just before the anti-forgery filter (order 1000), after the request size and form limits are set.
    public int Order => 999;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            return;
        }
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength > limit)
        {
            context.Result = Refused(context, StatusCodes.Status413PayloadTooLarge, "too-large");
            return;
        }
        try
        {
            // Read once here (the form is kept for the anti-forgery check and the handler), so that its failure has a page.
            await request.ReadFormAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Result = Refused(context, StatusCodes.Status413PayloadTooLarge, "too-large");
        }
        catch (InvalidDataException)
        {
            // Too many fields, a key or a value too long, a multipart section beyond its limit.
            context.Result = Refused(context, StatusCodes.Status400BadRequest, "form-unreadable");
        }
    }

    private static ViewResult Refused(AuthorizationFilterContext context, int status, string messageKey)
    {
        var t = ConsoleText.Of(context.HttpContext);
        ConsoleSetup.SetPageHeaders(context.HttpContext.Response);
        return new ViewResult
        {
            ViewName = View,
            StatusCode = status,
            ViewData = new ViewDataDictionary(new EmptyModelMetadataProvider(), new ModelStateDictionary())
            {
                ["Title"] = t[status == StatusCodes.Status413PayloadTooLarge ? "too-large.title" : "form-unreadable"],
                ["Message"] = t[messageKey],
            },
        };
    }
}
