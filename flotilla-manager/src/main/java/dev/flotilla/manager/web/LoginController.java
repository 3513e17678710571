package dev.flotilla.manager.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security itself checks the POST to /login and signs out on POST /logout. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
