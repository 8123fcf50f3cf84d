using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>Reads pages as HTML documents and submits their forms, antiforgery token included.</summary>
public static class HtmlClient
{
    /// <summary>GETs <paramref name="path"/> and parses it; fails the test unless the status is 200.</summary>
    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html).Address(response.RequestMessage!.RequestUri!));
    }

    /// <summary>
    /// Submits <paramref name="form"/> as a browser would: every field it holds (hidden antiforgery
    /// token included), with <paramref name="values"/> typed over them, to the form's action or to the
    /// <paramref name="formAction"/> of the button pressed.
    /// </summary>
    public static Task<HttpResponseMessage> SubmitAsync(
        this HttpClient client, IHtmlFormElement form, IReadOnlyDictionary<string, string> values, string? formAction = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(values);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        continue;
                    }

                    if (input.Type is "submit" or "button")
                    {
                        continue;
                    }

                    fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    fields.Add(new(select.Name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }

        foreach (var (name, value) in values)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }

        var action = formAction ?? form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? form.Owner!.Url : action;
        return client.PostAsync(new Uri(target, UriKind.RelativeOrAbsolute), new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// Submits a form whose POST answers 303 See Other (POST-redirect-GET, as every step of the
    /// application form does) and parses the page the browser then GETs; fails the test unless it is a 303.
    /// </summary>
    public static async Task<IDocument> SubmitAndFollowAsync(
        this HttpClient client, IHtmlFormElement form, IReadOnlyDictionary<string, string> values, string? formAction = null)
    {
        using var response = await client.SubmitAsync(form, values, formAction);
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, response.StatusCode);
        return await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
    }

    /// <summary>Posts fields built by hand (ones the page does not offer) to <paramref name="action"/>, with the page's antiforgery token, as a crafted request would.</summary>
    public static Task<HttpResponseMessage> PostWithTokenAsync(
        this HttpClient client, IDocument page, string action, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(page);
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(all));
    }

    /// <summary>Follows <paramref name="redirect"/> (failing the test unless it is one) and parses the page it leads to.</summary>
    public static async Task<IDocument> FollowAsync(this HttpClient client, HttpResponseMessage redirect)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(redirect);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, redirect.StatusCode);
        return await client.GetDocumentAsync(redirect.Headers.Location!.OriginalString);
    }

    /// <summary>The form posting to <paramref name="action"/> on the page.</summary>
    public static IHtmlFormElement Form(this IDocument document, string action)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.QuerySelectorAll<IHtmlFormElement>("form").SingleOrDefault(f => f.GetAttribute("action") == action)
               ?? throw new InvalidOperationException($"No form posting to {action} on {document.Url}");
    }
}
