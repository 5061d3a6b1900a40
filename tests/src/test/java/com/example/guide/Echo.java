package com.example.guide;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;

public final class Echo implements NodeLogic {

    public static void main(String[] args) {
        StdioRuntime.run(new Echo(), args);
    }

    @Override
    public void onInit(Env env, Handlers handlers) {
        handlers.on("echo", request -> {
            ObjectNode reply = Bodies.of("echo_ok");
            reply.set("echo", request.body().get("echo"));
            request.reply(reply);
        });
    }
}
