package dev.flotilla.manager.identity.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's list pages cut to what the caller may see, by the same rule as the API's lists
 * ({@link VisibleLists#keep}): after a page's controller has filled its model and before the view is
 * drawn, each list the page shows under a known name is cut. Only pages whose route is a list page
 * in the {@link RouteTable} are touched, so a detail page's own lists stay as they are.
 */
@Component
class ConsoleLists implements HandlerInterceptor, WebMvcConfigurer {

    /** Model names of the lists console pages show, and the type of their items ({@code null}: each item names its object). */
    private static final Map<String, SecuredType> LISTS = new java.util.HashMap<>(Map.of(
            "vms", SecuredType.VM, "hosts", SecuredType.HOST, "clusters", SecuredType.CLUSTER,
            "dataCenters", SecuredType.DATACENTER, "domains", SecuredType.STORAGE_DOMAIN,
            "dataDomains", SecuredType.STORAGE_DOMAIN, "uploadDomains", SecuredType.STORAGE_DOMAIN,
            "disks", SecuredType.DISK, "templates", SecuredType.TEMPLATE));

    static {
        LISTS.put("events", null);
        LISTS.put("jobs", null);
        LISTS.put("restarts", SecuredType.VM);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/api/**");
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
        if (view == null || !(request.getAttribute(AccessFilter.ACCESS) instanceof Access access) || access.seesEverything()
                || !(request.getAttribute(AccessFilter.RULE) instanceof RouteRule rule) || !rule.filtered()) {
            return;
        }
        Map<String, Object> model = view.getModel();
        for (Map.Entry<String, SecuredType> list : LISTS.entrySet()) {
            if (model.get(list.getKey()) instanceof List<?> items) {
                model.put(list.getKey(), VisibleLists.keep(access, list.getValue(), items));
            }
        }
    }
}
