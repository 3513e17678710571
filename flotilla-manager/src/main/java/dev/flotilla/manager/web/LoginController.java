package dev.flotilla.manager.web;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security itself checks the POST to /login and signs out on POST /logout. */
@Controller
class LoginController {

    /**
     * A directory that cannot be asked is not a wrong password: the page says which directory failed
     * (the message names no user and no password), so the user knows to try later or to ask an admin.
     */
    @GetMapping("/login")
    String login(HttpSession session, Model model) {
        if (session != null && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof InternalAuthenticationServiceException e) {
            model.addAttribute("loginProblem", e.getMessage());
        }
        return "login";
    }
}
