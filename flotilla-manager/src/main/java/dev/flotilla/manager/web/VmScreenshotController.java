package dev.flotilla.manager.web;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.vm.VmScreenshots;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's thumbnails: the API's screenshot behind the console's session. An {@code <img>}
 * cannot show an error page, so a refusal answers its status with a drawn "no screen" picture
 * whose title says why.
 */
@Controller
class VmScreenshotController {

    private static final MediaType SVG = MediaType.valueOf("image/svg+xml");

    private final VmScreenshots screenshots;

    VmScreenshotController(VmScreenshots screenshots) {
        this.screenshots = screenshots;
    }

    @GetMapping("/vms/{id}/screenshot.png")
    ResponseEntity<byte[]> screenshot(@PathVariable UUID id) {
        try {
            byte[] png = screenshots.take(id);
            // The page's URL changes when a fresh picture is wanted; until then the browser may reuse this one.
            return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                    .cacheControl(CacheControl.maxAge(VmRow.SCREENSHOT_EVERY).cachePrivate()).body(png);
        } catch (NotFoundException e) {
            return noScreen(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (ConflictException e) {
            return noScreen(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static ResponseEntity<byte[]> noScreen(HttpStatus status, String why) {
        String svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">\
                <title>%s</title><rect width="640" height="400" fill="#151a22"/>\
                <text x="320" y="210" fill="#8a8d90" font-family="sans-serif" font-size="40" text-anchor="middle">no screen</text></svg>"""
                .formatted(HtmlUtils.htmlEscape(why));
        return ResponseEntity.status(status).contentType(SVG).cacheControl(CacheControl.noStore())
                .body(svg.getBytes(StandardCharsets.UTF_8));
    }
}
